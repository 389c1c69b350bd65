package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.serve.ServeConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rtc serve} as Node's most used clients see it: the npm packages {@code ws} and {@code eventsource}
 * (the WHATWG EventSource, with its automatic reconnect and {@code Last-Event-ID}).
 */
@Timeout(value = 30, unit = SECONDS)
class NodeInteropTest {
    private static final Duration LINE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(15);
    private static final ServeConfig CONFIG = ServeConfig.loopback().withHeartbeat(Duration.ZERO);

    private Served served;

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private static List<String> node(String script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Tool.node("ws", "eventsource"),
                Tool.script("js/" + script).toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void wsEchoReturnsTextBinaryPingAndClose() {
        served = Served.start(CONFIG);

        Proc.Result r = Proc.run(RUN, node("ws_client.mjs", "echo", served.ws("/echo")));

        assertEquals("""
                open permessage-deflate
                text héllo ✓
                binary 00ff807f0a
                pong are you there
                closed 1000\s
                """, r.out(), r.err());
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void wsTopicFramesReachEventSourceAsTextAndBase64BinaryEvents() {
        served = Served.start(CONFIG);
        try (Proc sse = Proc.start(node("sse_client.mjs", served.http("/sse/news?since=0"), "3"));
                Proc ws = Proc.start(node("ws_client.mjs", "topic", served.ws("/ws/news"), "from node"))) {
            assertEquals("open", ws.nextLine(LINE));
            served.awaitSubscribers("news", "ws", 1, LINE);

            served.publish("news", "hello");

            assertEquals(List.of("recv text hello", "recv text from node", "recv binary fffe00", "closed 1000 "),
                    ws.nextLines(4, LINE), "its own frames come back from the topic, binary as binary");
            assertEquals(List.of("open", "message 1 hello", "message 2 from node", "binary 3 //4A"),
                    sse.nextLines(4, LINE), "binary messages travel over SSE as base64 in a binary event");
        }
    }

    @Test
    void eventSourceResumesWithLastEventIdAfterServerRestartOnTheSamePort() {
        served = Served.start(CONFIG);
        int port = served.port();
        try (Proc sse = Proc.start(node("sse_client.mjs", served.http("/sse/news?since=0"), "4"))) {
            assertEquals("open", sse.nextLine(LINE));
            served.publish("news", "one");
            served.publish("news", "two");
            assertEquals(List.of("message 1 one", "message 2 two"), sse.nextLines(2, LINE));

            served.drain();
            served = Served.start(CONFIG.withPort(port));
            // While the client waits out retry: 2000, the new server's topic reaches id 4. The reconnect
            // asks for the same URL (since=0) with Last-Event-ID: 2, which wins: 3 and 4, each once.
            for (String m : List.of("one again", "two again", "three", "four")) served.publish("news", m);
            assertEquals("error readyState=0", sse.nextLine(LINE), "the stream ended; EventSource is reconnecting");

            assertEquals(List.of("open", "message 3 three", "message 4 four"), sse.nextLines(3, LINE));
            assertEquals(0, sse.finish(RUN).exit(), sse.stderr());
            assertEquals("""
                    open
                    message 1 one
                    message 2 two
                    error readyState=0
                    open
                    message 3 three
                    message 4 four
                    """, sse.stdout(), "each message once, in order");
        }
    }
}
