package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.output.Payloads;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket whose callbacks become a transcript: {@code text hello}, {@code binary 00ff},
 * {@code close 1001 server shutting down}, {@code error …}. Fragments are joined into one message.
 */
final class WsRecorder implements WebSocket.Listener {
    private static final long WAIT_MS = 5_000;

    private final String what;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    volatile WebSocket socket;

    WsRecorder(String what) {
        this.what = what;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add("text " + text);
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            events.add("binary " + Payloads.hex(binary.toByteArray()));
            binary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        events.add(("close " + code + " " + reason).trim());
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        events.add("error " + error);
    }

    void sendText(String s) throws Exception {
        socket.sendText(s, true).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    void sendBinary(byte[] b) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(b), true).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    String next() throws InterruptedException {
        String e = events.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        if (e == null) fail(what + ": no WebSocket event within " + WAIT_MS + "ms");
        return e;
    }

    void expect(String... expected) throws InterruptedException {
        for (String e : expected) assertEquals(e, next(), what);
    }

    void expectNothingFor(long millis) throws InterruptedException {
        String e = events.poll(millis, TimeUnit.MILLISECONDS);
        if (e != null) fail(what + ": expected nothing, got " + e);
    }

    /** A polite close (1000) and the server's answer. */
    void close() throws Exception {
        if (socket.isOutputClosed()) {
            socket.abort();
            return;
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_MS, TimeUnit.MILLISECONDS);
        expect("close 1000");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
