package dev.rtc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * rtc running in-process on its own thread, for a client that has to be watched while something
 * happens elsewhere (a publish, a server restart): {@link #awaitOut} waits for output, {@link #finish}
 * for the exit.
 */
public final class Running {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;
    private final String command;

    private Running(String... args) {
        command = String.join(" ", args);
        exit = CompletableFuture.supplyAsync(
                () -> Rtc.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
                r -> {
                    Thread t = new Thread(r, "rtc-under-test");
                    t.setDaemon(true);
                    t.start();
                });
    }

    public static Running start(String... args) {
        return new Running(args);
    }

    public String out() {
        synchronized (out.getBuffer()) {
            return out.toString();
        }
    }

    public String err() {
        synchronized (err.getBuffer()) {
            return err.toString();
        }
    }

    /** Waits (at most 10 s) until stdout satisfies {@code test}; fails with what was printed. */
    public String awaitOut(Predicate<String> test) throws InterruptedException {
        return await(test, true);
    }

    /** Waits (at most 10 s) until stderr satisfies {@code test}; fails with what was printed. */
    public String awaitErr(Predicate<String> test) throws InterruptedException {
        return await(test, false);
    }

    private String await(Predicate<String> test, boolean stdout) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String now = stdout ? out() : err();
            if (test.test(now)) return now;
            if (exit.isDone() && !test.test(stdout ? out() : err())) break;
            Thread.sleep(10);
        }
        fail("rtc " + command + ": waited in vain; exit " + (exit.isDone() ? exit.join() : "(running)")
                + "\nstdout:\n" + out() + "\nstderr:\n" + err());
        return null;
    }

    /** Waits (at most 10 s) for the exit; its code and everything printed. */
    public Captured finish() throws Exception {
        try {
            int code = exit.get(10, TimeUnit.SECONDS);
            return new Captured(code, out(), err());
        } catch (TimeoutException e) {
            fail("rtc " + command + " did not exit within 10s\nstdout:\n" + out() + "\nstderr:\n" + err());
            return null;
        }
    }
}
