package dev.rtc.ws;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code rtc ws} against servers written with Python's {@code websockets} (Debian's python3-websockets), and one that never answers. */
@Timeout(value = 20, unit = SECONDS)
class WsInteropTest {
    private Proc server;
    private String hostPort;

    /** Starts ws_server.py in {@code mode}; its ws:// URL. */
    private String serve(String mode) {
        server = Proc.start(Tool.python(), Tool.script("py/ws_server.py").toString(), mode);
        String line = server.nextLine(Duration.ofSeconds(10));
        assertTrue(line.startsWith("port "), line);
        hostPort = "127.0.0.1:" + line.substring("port ".length());
        return "ws://" + hostPort + "/";
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void binaryMessagesPrintAsHexAndACloseWith1000IsExit0() {
        String url = serve("binary");

        assertEquals(new Captured(0, "00ff727463\ndone\n", "closed 1000\n"), WsRun.run("", url));
    }

    @Test
    void aNormalCloseBeforeCountIsMetIsExit1() {
        String url = serve("binary");

        assertEquals(new Captured(1, "00ff727463\ndone\n", "closed 1000\n"
                + "rtc: the connection ended after 2 messages, before --count 3 was met\n"), WsRun.run("", url, "-n", "3"));
    }

    @Test
    void binaryMessagesAsBase64() {
        String url = serve("binary");

        assertEquals(new Captured(0, "AP9ydGM=\ndone\n", "closed 1000\n"), WsRun.run("", url, "--base64"));
    }

    @Test
    void aCloseWith4001IsExit1WithCodeAndReasonOnStderr() {
        String url = serve("close4001");

        assertEquals(new Captured(1, "hi\n", "rtc: closed by " + hostPort + " with 4001: custom reason\n"),
                WsRun.run("", url, "-x", "hi"));
    }

    @Test
    void aCloseWith4001IsAJsonCloseRecord() {
        String url = serve("close4001");

        Captured r = WsRun.run("", url, "-x", "hi", "--json");

        assertEquals(1, r.exitCode());
        assertTrue(r.out().replaceAll("\"ts\":\"[^\"]+\"", "\"ts\":\"TS\"")
                .endsWith("{\"type\":\"close\",\"ts\":\"TS\",\"code\":4001,\"reason\":\"custom reason\"}\n"), r.out());
        assertEquals("rtc: closed by " + hostPort + " with 4001: custom reason\n", r.err());
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDetectedWithinTwoIntervals() {
        String url = serve("silent");
        long start = System.nanoTime();

        Captured r = WsRun.run("", url, "--ping-interval", "200ms", "-n", "1");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(new Captured(1, "", "rtc: no pong from " + hostPort + " within 400ms\n"), r);
        assertTrue(ms < 3_000, "took " + ms + "ms");
    }

    @Test
    void theNegotiatedSubprotocolIsTheOneOffered() {
        String url = serve("subprotocol");

        assertEquals(new Captured(0, "subprotocol chat\n", "closed 1000\n"), WsRun.run("", url, "--subprotocol", "chat"));
        assertEquals(new Captured(0, "subprotocol None\n", "closed 1000\n"), WsRun.run("", url, "--subprotocol", "other"),
                "a server that picks none is accepted, as browsers accept it");
    }

    @Test
    void handshakeHeadersReachTheServer() {
        String url = serve("headers");

        Captured r = WsRun.run("", url, "-H", "X-Trace: 42", "--origin", "https://example.com", "--bearer", "tok");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Origin: https://example.com\n"), r.out());
        assertTrue(r.out().contains("Authorization: Bearer tok\n"), r.out());
        assertTrue(r.out().contains("X-Trace: 42\n"), r.out());
        assertTrue(r.out().contains("User-Agent: rtc/"), r.out());
    }

    @Test
    void proxyTunnelsTheConnectionWithConnect() {
        String url = serve("close4001");
        try (Proc proxy = Proc.start(Tool.plainPython(), Tool.script("py/connect_proxy.py").toString())) {
            String port = proxy.nextLine(Duration.ofSeconds(10)).substring("port ".length());

            Captured r = WsRun.run("", url, "--proxy", "http://127.0.0.1:" + port, "-x", "via the proxy", "-n", "1");

            assertEquals(new Captured(0, "via the proxy\n", ""), r);
            assertEquals("CONNECT " + hostPort, proxy.nextLine(Duration.ofSeconds(5)));
        }
    }

    @Test
    void reconnectSendsTheExecuteMessagesOnEveryConnection() {
        String url = serve("reconnect");

        Captured r = WsRun.run("", url, "--reconnect", "-x", "hi", "-n", "2");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("1 hi\n2 hi\n", r.out());
        assertTrue(r.err().startsWith("rtc: closed by " + hostPort + " with 1011: again\nreconnecting in "), r.err());
    }
}
