package dev.rtc.aot;

import dev.rtc.Rtc;
import dev.rtc.cli.Stdio;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * {@code java -XX:AOTCacheOutput=FILE -cp rtc.jar dev.rtc.aot.Training http://127.0.0.1:PORT}: runs the
 * short-lived clients against that {@code rtc serve} (one message each, as a shell loop would), then
 * exits, which is when the JVM writes the cache. The server runs in a process of its own, so that the
 * cache holds the clients' classes only: the JVM loads every class of the cache as it starts. Exit 0
 * when every run did what it should; the cache is worth keeping only then.
 */
public final class Training {

    private Training() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].startsWith("http://")) {
            System.err.println("usage: Training http://HOST:PORT (a running rtc serve)");
            System.exit(2);
        }
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        // stdin and stdout as main makes them (stdin is the training's /dev/null), so that their classes
        // are in the cache too: a class the cache lacks makes the JVM open the 17,000-entry jar.
        OutputStream stdout = new BufferedOutputStream(OutputStream.nullOutputStream(), 1 << 16);
        PrintWriter out = Stdio.writer(stdout);
        String http = args[0];
        String ws = "ws" + http.substring("http".length());

        List<List<String>> runs = List.of(
                List.of("--version"),
                List.of("--help"),
                List.of("poll", "-n", "1", http + "/poll/ticks"),
                List.of("poll", "--json", "-n", "1", http + "/poll/ticks"),
                List.of("longpoll", "-n", "1", http + "/longpoll/ticks"),
                List.of("stream", "-n", "1", http + "/stream/ticks"),
                List.of("sse", "-n", "1", http + "/sse/ticks"),
                List.of("ws", "-x", "hello", "-n", "1", ws + "/echo"),
                List.of("ws", "--json", "-x", "hello", "-n", "1", ws + "/echo"));
        int failed = 0;
        for (List<String> run : runs) {
            int code = Rtc.run(Stdio.system(stdout), out, quiet, run.toArray(String[]::new));
            out.flush();
            if (code != 0) {
                System.err.println("rtc AOT training: rtc " + String.join(" ", run) + " exited " + code);
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
