package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --trust-proxy over loopback: a server that trusts 127.0.0.2 only. A request from 127.0.0.2 (a socket bound
 * there) is logged and counted as the client its X-Forwarded-For names; one from 127.0.0.1 as itself.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class TrustProxyTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();

    /** One request with {@code Connection: close} from a socket bound to {@code from}; the whole response. */
    private static String request(Server s, String from, String path, String... headerLines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(s.address(), 5_000);
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String h : headerLines) req.append(h).append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> pollLines(StringWriter log) {
        synchronized (log.getBuffer()) {
            return log.toString().lines().filter(l -> l.contains("\"GET /poll/news")).toList();
        }
    }

    @Test
    void theLogAndThePollSubscribersNameTheForwardedClientOnlyBehindATrustedPeer() throws Exception {
        StringWriter log = new StringWriter();
        TestServer t = server.start(ServeConfig.loopback().withLog(new PrintWriter(log, true)).withTrustProxy(List.of("127.0.0.2/32")));
        t.http.post("/publish/news", "one");

        String trusted = request(t.server, "127.0.0.2", "/poll/news", "X-Forwarded-For: 6.6.6.6, 203.0.113.9");
        assertTrue(trusted.startsWith("HTTP/1.1 200"), trusted);
        request(t.server, "127.0.0.2", "/poll/news", "Forwarded: for=203.0.113.9;proto=https");
        request(t.server, "127.0.0.2", "/poll/news", "X-Forwarded-For: 198.51.100.4");
        String untrusted = request(t.server, "127.0.0.1", "/poll/news?since=0", "X-Forwarded-For: 203.0.113.77");
        assertTrue(untrusted.startsWith("HTTP/1.1 200"), untrusted);

        // The log line follows the response out: waited for, within a deadline.
        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        List<String> polls = pollLines(log);
        while (polls.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling a condition, bounded by the deadline
            polls = pollLines(log);
        }
        assertEquals(4, polls.size(), log.toString());
        // Each connection is logged on its own loop: in any order.
        List<String> clients = polls.stream().map(l -> l.split(" ")[1] + " " + l.split(" ")[3]).sorted().toList();
        assertEquals("127.0.0.1:PORT /poll/news?since=0\"", clients.get(0).replaceFirst(":\\d+ ", ":PORT "), polls.toString());
        assertEquals(List.of("198.51.100.4 /poll/news\"", "203.0.113.9 /poll/news\"", "203.0.113.9 /poll/news\""),
                clients.subList(1, 4), polls.toString());
        assertTrue(!log.toString().contains("203.0.113.77") && !log.toString().contains("6.6.6.6"), log.toString());

        // Three connections from the proxy, two clients behind it, and the untrusted one: three poll subscribers.
        String topics = t.http.get("/topics").body();
        assertTrue(topics.contains("\"poll\":3"), topics);
    }
}
