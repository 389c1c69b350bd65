package dev.rtc.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that answers with exactly the bytes a test scripts, for clients that must
 * survive a hostile or odd server (a gzip bomb, headers that stall, {@code retry: 0}). One thread per
 * connection; each connection reads one request head and runs the script; {@link #close} ends them all.
 */
public final class RawServer implements AutoCloseable {
    /** What to do with one connection once its request head was read. */
    @FunctionalInterface
    public interface Script {
        void answer(String requestHead, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RawServer(Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::accept, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawServer start(Script script) throws IOException {
        return new RawServer(script);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(s);
            Thread t = new Thread(() -> serve(s), "raw-server-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readHead(s.getInputStream());
            if (head != null) script.answer(head, s.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing: either ends this connection
        } finally {
            open.remove(s);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int c; (c = in.read()) != -1; ) {
            head.write(c);
            // 1: CR, 2: CRLF, 3: CRLF CR, 4: CRLF CRLF, the end of the head
            if (c == '\r') {
                matched = matched == 2 ? 3 : 1;
            } else if (c == '\n') {
                matched = matched == 1 || matched == 3 ? matched + 1 : 0;
            } else {
                matched = 0;
            }
            if (matched == 4 || head.size() > 64 * 1024) return head.toString(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    /** The bytes of a string, for scripts. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) s.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
