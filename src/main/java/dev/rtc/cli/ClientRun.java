package dev.rtc.cli;

import dev.rtc.output.Printer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a client command runs: its loop on a worker thread, the command thread waiting for whichever
 * comes first (the loop ending, a stop condition, {@code --timeout}, SIGINT/SIGTERM), then closing the
 * connection so the loop stops. A failure in the loop comes back to the command thread, where the one
 * error handler prints it; a closed stdout is no failure but the end of the run, exit 0 without a word.
 */
public final class ClientRun {
    /** A client's loop: returns the exit code when it ends by itself, throws when it fails. */
    @FunctionalInterface
    public interface Loop {
        int run() throws Exception;
    }

    private ClientRun() {}

    /**
     * Runs a technique's client until it ends, a stop condition is met, {@code --timeout} passes or a
     * signal comes. A client that ends by itself before {@code --count}/{@code --until} was met is exit 1
     * (SPEC.md: scripts can assert on it), on every client alike.
     */
    public static int run(StopConditions stop, dev.rtc.client.Client client) throws Exception {
        return run(stop, () -> {
            client.run();
            return endedByItself(stop);
        }, client);
    }

    /** The exit code of a run whose connection ended by itself: 0, or 1 when a stop condition was still unmet. */
    public static int endedByItself(StopConditions stop) {
        if (stop.finished() || !stop.awaitsMessages()) return ExitCodes.OK;
        throw new RtcException(stop.unmet());
    }

    public static int run(StopConditions stop, Loop loop, AutoCloseable connection) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                stop.finish(loop.run());
            } catch (Printer.OutputClosed e) {
                stop.finish(ExitCodes.OK); // stdout's reader went away (| head -1): it has what it wanted
            } catch (Exception e) {
                if (!stop.finished()) failure.set(e);
                stop.finish(ExitCodes.FAILURE);
            } catch (Throwable t) {
                failure.set(new RuntimeException(t));
                stop.finish(ExitCodes.FAILURE);
            }
        }, "rtc-client");
        worker.setDaemon(true);
        Signals.onTermination(() -> stop.finish(ExitCodes.INTERRUPTED));
        worker.start();
        int code;
        try {
            code = stop.await();
        } finally {
            connection.close();
            worker.interrupt();
            worker.join(2_000);
        }
        Exception e = failure.get();
        if (e != null && code == ExitCodes.FAILURE) throw e;
        return code;
    }
}
