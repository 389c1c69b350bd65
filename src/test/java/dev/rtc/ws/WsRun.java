package dev.rtc.ws;

import dev.rtc.Captured;
import java.io.InputStream;

/** {@code rtc ws} in-process with its stdin given by the test: {@link Captured#withStdin} with "ws" first. */
final class WsRun {
    private WsRun() {}

    static Captured run(String stdin, String... args) {
        return Captured.withStdin(stdin, ws(args));
    }

    static Captured run(InputStream stdin, String... args) {
        return Captured.withStdin(stdin, ws(args));
    }

    private static String[] ws(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "ws";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
