package dev.rtc;

/**
 * An executor that runs each task on a daemon thread of its own: for a test's reader of a held response, which
 * blocks until the server closes it. {@code thenAccept} would run such a reader on the test's own thread
 * whenever the response had arrived before it was attached, and the test would wait on it for ever.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static void start(Runnable task) {
        Thread t = new Thread(task, "test-reader");
        t.setDaemon(true);
        t.start();
    }
}
