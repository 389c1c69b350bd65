package dev.rtc.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM handled by rtc rather than by the JVM, whose default exits 130/143 at once: serve
 * drains first, clients close their connections and exit as SPEC.md says. The one use of
 * {@code sun.misc.Signal} (jdk.unsupported, also supported by native-image).
 */
public final class Signals {
    private Signals() {}

    /** Runs {@code action} on the first SIGINT or SIGTERM; later ones are ignored. */
    public static void onTermination(Runnable action) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (!ran) {
                    ran = true;
                    action.run();
                }
            }
        };
        Signal.handle(new Signal("INT"), s -> once.run());
        Signal.handle(new Signal("TERM"), s -> once.run());
    }
}
