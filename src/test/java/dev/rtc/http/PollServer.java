package dev.rtc.http;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.time.Duration;
import java.util.List;

/**
 * src/test/interop/py/poll_server.py: Python's http.server, a server rtc did not write, with routes for
 * validators, cursors, statuses and failures, and a log of every request it received.
 */
public final class PollServer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Proc proc;
    private final int port;

    private PollServer() {
        proc = Proc.start(Tool.plainPython(), Tool.script("py/poll_server.py").toString());
        String line = proc.nextLine(WAIT);
        if (line == null) throw new IllegalStateException("poll_server.py printed no port: " + proc.stderr());
        port = Integer.parseInt(line.trim());
    }

    public static PollServer start() {
        return new PollServer();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every request received so far, one JSON object per line (method, path, validators, body). */
    public List<String> log() {
        return Proc.run(WAIT, Tool.curl(), "-sS", url("/_log")).out().lines().toList();
    }

    public void bump(String name) {
        Proc.run(WAIT, Tool.curl(), "-sS", "-X", "POST", url("/_bump/" + name));
    }

    @Override
    public void close() {
        proc.close();
    }
}
