package dev.rtc.peer;

import dev.rtc.cli.RtcException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Receive-side flow control between two rtc peers, which webrtc-java lacks: libwebrtc keeps acknowledging
 * and queueing whatever arrives, however slowly stdout drains. A side sends message bytes only while the
 * other has granted room for them ({@link #WINDOW} to start with), and grants more as its stdout takes
 * them. The grants go on a second channel ({@link PeerLink#useCredit}) as decimal digits; the word
 * {@link #END_RECEIVED} on it says "your end-of-data marker arrived". This class is both halves of that
 * protocol, without the channel: the sender's window and the receiver's count of what to grant.
 */
final class CreditWindow {
    /** What a side may have outstanding at the other, and what the other's inbox holds at most. */
    static final long WINDOW = 8L << 20;
    /** The receiver grants once this much has left through its stdout, not for every message. */
    static final long GRANT_STEP = WINDOW / 4;
    /** On the credit channel: "your end-of-data marker arrived" (grants are digits). */
    static final String END_RECEIVED = "end";

    private final Object lock = new Object();
    /** Bytes the other side's window still has room for. */
    private long credit = WINDOW;
    /** Bytes of the other side's messages consumed here and not granted back yet. */
    private long consumed;

    /** What a message on the credit channel said. */
    enum Heard { GRANT, END, NOISE }

    /** Takes one message of the credit channel: a grant widens the window and wakes a waiting sender. */
    Heard heard(String said) {
        if (said.equals(END_RECEIVED)) return Heard.END;
        long granted;
        try {
            granted = Long.parseLong(said);
        } catch (NumberFormatException e) {
            return Heard.NOISE;
        }
        if (granted <= 0) return Heard.NOISE;
        synchronized (lock) {
            credit += granted;
            lock.notifyAll();
        }
        return Heard.GRANT;
    }

    /**
     * Waits until {@code bytes} fit the window and takes them. While it waits it checks {@code open} every
     * 10 ms: a channel that closed will never carry the grant, so it throws {@code why}'s message then.
     */
    void take(int bytes, BooleanSupplier open, Supplier<String> why) throws InterruptedException {
        synchronized (lock) {
            while (credit < bytes) {
                if (!open.getAsBoolean()) throw new RtcException(why.get());
                lock.wait(10);
            }
            credit -= bytes;
        }
    }

    /** The room the other side has granted and this side has not used. */
    long credit() {
        synchronized (lock) {
            return credit;
        }
    }

    /**
     * Counts {@code bytes} of the other side's messages as consumed here; the grant to send now (as
     * {@link #grantMessage}), or 0 while less than {@link #GRANT_STEP} is due. Call {@link #granted}
     * once the grant went out.
     */
    long consumed(long bytes) {
        consumed += bytes;
        return consumed >= GRANT_STEP ? consumed : 0;
    }

    /** The grant of {@code bytes} went out: they no longer count as due. */
    void granted(long bytes) {
        consumed -= bytes;
    }

    static String grantMessage(long bytes) {
        return Long.toString(bytes);
    }
}
