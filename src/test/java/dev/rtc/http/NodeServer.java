package dev.rtc.http;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code src/test/interop/js/tls_server.mjs}: an HTTP server on Node's own http, https and http2 modules
 * (and npm's ws), on a loopback port it picked; see the script for its modes and routes.
 */
public final class NodeServer implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);

    private final Proc proc;
    private final int port;

    private NodeServer(Proc proc, int port) {
        this.proc = proc;
        this.port = port;
    }

    /** Starts one in {@code mode} (h2, h2c, http, https) with these files (CERT KEY [CLIENT_CA]). */
    public static NodeServer start(String mode, Path... files) {
        List<String> command = new ArrayList<>(List.of(Tool.node("ws"), Tool.script("js/tls_server.mjs").toString(), mode));
        for (Path f : files) command.add(f.toString());
        Proc proc = Proc.start(command);
        try {
            String line = proc.nextLine(START);
            if (!line.startsWith("listening ")) throw new IllegalStateException(proc + ": " + line + "\n" + proc.stderr());
            return new NodeServer(proc, Integer.parseInt(line.substring("listening ".length())));
        } catch (RuntimeException | Error e) {
            proc.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** What the server said on stderr (TLS failures it saw). */
    public String stderr() {
        return proc.stderr();
    }

    @Override
    public void close() {
        proc.close();
    }
}
