package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server on a free loopback port with an HTTP client for it; both closed together. */
public final class TestServer implements AutoCloseable {
    private static final Pattern TS = Pattern.compile("\"ts\":\"([^\"]*)\"");
    private static final Pattern RFC3339_MS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    public final Server server;
    public final Http http;

    private TestServer(Server server) {
        this.server = server;
        this.http = new Http(server);
    }

    public static TestServer start(ServeConfig config) throws InterruptedException {
        return new TestServer(Server.start(config));
    }

    public static TestServer start() throws InterruptedException {
        return start(ServeConfig.loopback());
    }

    /** Waits (bounded) until {@code GET /topics} shows {@code count} subscribers of {@code technique} on {@code topic}. */
    public void awaitSubscribers(String topic, String technique, int count) throws Exception {
        String wanted = "\"" + technique + "\":" + count;
        long deadline = System.currentTimeMillis() + 5_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = http.get("/topics").body();
            int at = last.indexOf("{\"topic\":\"" + topic + "\"");
            if (at >= 0) {
                String entry = last.substring(at, last.indexOf("}}", at) + 2);
                if (entry.contains(wanted)) return;
            }
            Thread.sleep(20);
        }
        fail("no " + wanted + " on topic " + topic + " within 5s; /topics: " + last);
    }

    /** Waits (bounded) until {@code room} has {@code count} members: a join happens once the 101 is written. */
    public void awaitRoomMembers(String room, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.roomMembers(room) != count) {
            if (System.nanoTime() > deadline) fail("room " + room + " has " + server.roomMembers(room) + " members, not " + count + ", after 5s");
            Thread.sleep(5);
        }
    }

    /** The value of one metric line, such as {@code rtc_messages_delivered_total{technique="sse"}}. */
    long metric(String name) throws Exception {
        String body = http.get("/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) return Long.parseLong(line.substring(name.length() + 1));
        }
        throw new AssertionError("no metric " + name + " in\n" + body);
    }

    /** Checks every {@code "ts"} is RFC 3339 UTC with milliseconds, then writes it as {@code TS}. */
    static String withoutTs(String json) {
        Matcher m = TS.matcher(json);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            assertTrue(RFC3339_MS.matcher(m.group(1)).matches(), "ts " + m.group(1) + " in " + json);
            m.appendReplacement(sb, "\"ts\":\"TS\"");
        }
        return m.appendTail(sb).toString();
    }

    @Override
    public void close() throws Exception {
        try {
            http.close();
        } finally {
            server.close();
        }
    }
}
