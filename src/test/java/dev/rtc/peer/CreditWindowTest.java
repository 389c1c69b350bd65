package dev.rtc.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.cli.RtcException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** rtc's flow control between two peers, both halves, without a channel. */
@Timeout(value = 10, unit = SECONDS)
class CreditWindowTest {
    private static final int MIB = 1 << 20;

    @Test
    void aSenderSpendsTheWholeWindowWithoutWaiting() throws Exception {
        CreditWindow w = new CreditWindow();
        for (int i = 0; i < 8; i++) w.take(MIB, () -> true, () -> "closed");
        assertEquals(0, w.credit());
    }

    @Test
    void aSenderBeyondTheWindowWaitsForTheGrantAndGoesOnWithIt() throws Exception {
        CreditWindow w = new CreditWindow();
        w.take((int) CreditWindow.WINDOW, () -> true, () -> "closed");
        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> {
            try {
                w.take(MIB, () -> true, () -> "closed");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> next.get(200, java.util.concurrent.TimeUnit.MILLISECONDS), "no room yet");
        assertEquals(CreditWindow.Heard.GRANT, w.heard(Integer.toString(MIB / 2)));
        assertThrows(TimeoutException.class, () -> next.get(200, java.util.concurrent.TimeUnit.MILLISECONDS), "half the room");
        assertEquals(CreditWindow.Heard.GRANT, w.heard(Integer.toString(MIB / 2)));
        next.get(5, SECONDS);
        assertEquals(0, w.credit());
    }

    @Test
    void aSenderWaitingOnAChannelThatClosedFailsWithTheReason() throws Exception {
        CreditWindow w = new CreditWindow();
        w.take((int) CreditWindow.WINDOW, () -> true, () -> "closed");
        AtomicBoolean open = new AtomicBoolean(true);
        CompletableFuture<Throwable> failed = CompletableFuture.supplyAsync(() -> {
            try {
                w.take(1, open::get, () -> "the data channel closed before everything was sent");
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        open.set(false);
        Throwable e = failed.get(5, SECONDS);
        assertTrue(e instanceof RtcException, String.valueOf(e));
        assertEquals("the data channel closed before everything was sent", e.getMessage());
    }

    @Test
    void theCreditChannelCarriesGrantsAndTheEndConfirmationAndNothingElseCounts() {
        CreditWindow w = new CreditWindow();
        assertEquals(CreditWindow.Heard.END, w.heard(CreditWindow.END_RECEIVED));
        assertEquals(CreditWindow.Heard.NOISE, w.heard("lots"));
        assertEquals(CreditWindow.Heard.NOISE, w.heard("-5"), "a negative grant would shrink the window");
        assertEquals(CreditWindow.Heard.NOISE, w.heard("99999999999999999999999"));
        assertEquals(CreditWindow.WINDOW, w.credit());
        assertEquals(CreditWindow.Heard.GRANT, w.heard(CreditWindow.grantMessage(10)));
        assertEquals(CreditWindow.WINDOW + 10, w.credit());
    }

    @Test
    void theReceiverGrantsInStepsOfAQuarterWindowAndKeepsWhatDidNotGoOut() {
        CreditWindow w = new CreditWindow();
        assertEquals(0, w.consumed(CreditWindow.GRANT_STEP - 1), "less than a step is not granted yet");
        long due = w.consumed(1);
        assertEquals(CreditWindow.GRANT_STEP, due);
        // the grant could not go out (the credit channel not open yet): it stays due and grows
        assertEquals(CreditWindow.GRANT_STEP + 5, w.consumed(5));
        w.granted(CreditWindow.GRANT_STEP + 5);
        assertEquals(0, w.consumed(1));
        assertFalse(CreditWindow.GRANT_STEP > CreditWindow.WINDOW / 2, "grants come well before the window runs dry");
    }
}
