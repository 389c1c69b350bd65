package dev.rtc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cli/rtc ws} as a user runs it: real stdin (pipe mode), signals, and {@code -l} with several clients. */
@Timeout(value = 60, unit = SECONDS)
class WsProcessIT {
    private static final Path RTC = Launcher.RTC;
    private static final Pattern LISTENING = Pattern.compile("rtc ws listening on (ws://127\\.0\\.0\\.1:\\d+)");

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) p.destroyForcibly().waitFor();
    }

    private Process rtc(List<String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(RTC.toString(), "ws"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        for (String e : env) b.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        Process p = b.start();
        started.add(p);
        return p;
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), UTF_8);
    }

    @Test
    void pipedLinesAreSentInOrderAndStdinEndingWaitsThenExits0(@TempDir Path tmp) throws Exception {
        try (TestServer served = TestServer.start()) {
            String url = "ws" + served.server.url().substring(4) + "/echo";
            Path classes = tmp.resolve("classes.log");
            // Without the AOT cache, whose training run may have linked a JLine class or two ahead of time.
            Process p = rtc(List.of("RTC_AOT=0", "RTC_JAVA_OPTS=-Xlog:class+load:file=" + classes), url, "--wait", "1s");
            try (OutputStream stdin = p.getOutputStream()) {
                for (int i = 1; i <= 1000; i++) stdin.write(("message " + i + "\n").getBytes(UTF_8));
            }

            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after stdin ended and --wait");
            String err = read(p.getErrorStream());
            assertEquals(0, p.exitValue(), err);
            List<String> out = read(p.getInputStream()).lines().toList();
            assertEquals(1000, out.size());
            for (int i = 1; i <= 1000; i++) assertEquals("message " + i, out.get(i - 1));
            assertEquals("", err, "no SLF4J or other noise on stderr");
            List<String> jline = Files.readString(classes).lines().filter(l -> l.contains(" org.jline.")).toList();
            assertEquals(List.of(), jline, "pipe mode loaded JLine");
        }
    }

    @Test
    void httpProxyFromTheEnvironmentTunnelsTheConnectionAndNoProxyGoesDirect() throws Exception {
        try (TestServer served = TestServer.start();
                dev.rtc.serve.interop.Proc proxy = dev.rtc.serve.interop.Proc.start(dev.rtc.serve.interop.Tool.plainPython(),
                        dev.rtc.serve.interop.Tool.script("py/connect_proxy.py").toString())) {
            String proxyPort = proxy.nextLine(java.time.Duration.ofSeconds(10)).substring("port ".length());
            String url = "ws" + served.server.url().substring(4) + "/echo";

            Process viaEnv = rtc(List.of("HTTP_PROXY=http://127.0.0.1:" + proxyPort), url, "-x", "via the proxy", "-n", "1");
            assertTrue(viaEnv.waitFor(30, TimeUnit.SECONDS), "still running");
            assertEquals(0, viaEnv.exitValue(), read(viaEnv.getErrorStream()));
            assertEquals("via the proxy\n", read(viaEnv.getInputStream()));
            assertEquals("CONNECT 127.0.0.1:" + served.server.port(), proxy.nextLine(java.time.Duration.ofSeconds(5)));

            // A proxy that is not there is not tried for a host NO_PROXY (or --noproxy) names.
            Process direct = rtc(List.of("HTTP_PROXY=http://127.0.0.1:1", "NO_PROXY=localhost,127.0.0.1"), url, "-x", "direct", "-n", "1");
            assertTrue(direct.waitFor(30, TimeUnit.SECONDS), "still running");
            assertEquals(0, direct.exitValue(), read(direct.getErrorStream()));
            assertEquals("direct\n", read(direct.getInputStream()));
            Process noproxy = rtc(List.of("HTTP_PROXY=http://127.0.0.1:1"), url, "--noproxy", "127.0.0.1", "-x", "direct", "-n", "1");
            assertTrue(noproxy.waitFor(30, TimeUnit.SECONDS), "still running");
            assertEquals(0, noproxy.exitValue(), read(noproxy.getErrorStream()));
            assertEquals("direct\n", read(noproxy.getInputStream()));
        }
    }

    @Test
    void sigintIsExit130() throws Exception {
        try (TestServer served = TestServer.start()) {
            Process p = rtc(List.of(), "ws" + served.server.url().substring(4) + "/ws/quiet");
            served.awaitSubscribers("quiet", "ws", 1);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running after SIGINT");
            assertEquals(130, p.exitValue(), read(p.getErrorStream()));
            p.getOutputStream().close();
        }
    }

    /** A JDK WebSocket client whose messages land in a queue. */
    private final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final WebSocket socket;

        Client(String url) {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.add("binary " + java.util.HexFormat.of().formatHex(b));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            received.add("close " + code);
            return null;
        }

        String next() throws InterruptedException {
            String s = received.poll(10, TimeUnit.SECONDS);
            if (s == null) fail("nothing received within 10s");
            return s;
        }
    }

    private static String awaitLine(BufferedReader r, String what) throws IOException {
        String line = r.readLine();
        if (line == null) fail("stream ended waiting for " + what);
        return line;
    }

    @Test
    void listenBroadcastsBetweenTwoClientsAndSendsStdinLinesToBoth() throws Exception {
        Process p = rtc(List.of(), "-l", "0", "--broadcast");
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), UTF_8));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        Matcher m = LISTENING.matcher(awaitLine(err, "the listening line"));
        assertTrue(m.matches());
        String url = m.group(1);

        Client a = new Client(url + "/any/path");
        assertTrue(awaitLine(err, "a joining").matches("client 127\\.0\\.0\\.1:\\d+ connected \\(1 client\\)"));
        Client b = new Client(url);
        assertTrue(awaitLine(err, "b joining").matches("client 127\\.0\\.0\\.1:\\d+ connected \\(2 clients\\)"));

        a.socket.sendText("from a", true).join();
        assertEquals("from a", b.next());
        assertEquals("from a", awaitLine(out, "a's message on stdout"));
        b.socket.sendBinary(ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), true).join();
        assertEquals("binary 00ff", a.next());
        assertEquals("00ff", awaitLine(out, "b's message on stdout"));

        OutputStream stdin = p.getOutputStream();
        stdin.write("to everyone\n".getBytes(UTF_8));
        stdin.flush();
        assertEquals("to everyone", a.next());
        assertEquals("to everyone", b.next());
        assertTrue(a.received.isEmpty(), "a's own message came back to it: " + a.received);

        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        assertEquals("close 1001", a.next());
        assertEquals("close 1001", b.next());
    }

    @Test
    void listenEchoesToTheSenderOnly() throws Exception {
        Process p = rtc(List.of(), "-l", "127.0.0.1:0", "--json", "-n", "2");
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), UTF_8));
        Matcher m = LISTENING.matcher(awaitLine(err, "the listening line"));
        assertTrue(m.matches());
        Client a = new Client(m.group(1));
        Client b = new Client(m.group(1));

        a.socket.sendText("one", true).join();
        assertEquals("one", a.next());
        b.socket.sendText("two", true).join();
        assertEquals("two", b.next());

        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "-n 2 did not end it");
        assertEquals(0, p.exitValue());
        List<String> records = read(p.getInputStream()).lines().filter(l -> l.contains("\"type\":\"message\"")).toList();
        assertEquals(2, records.size(), String.valueOf(records));
        assertTrue(records.get(0).matches("\\{\"type\":\"message\",\"ts\":\"[^\"]+\",\"data\":\"one\",\"binary\":false,\"client\":\"127\\.0\\.0\\.1:\\d+\"}"),
                records.get(0));
        p.getOutputStream().close();
    }
}
