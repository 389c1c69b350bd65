package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.serve.ServeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code rtc serve}'s WebSocket routes as Python's {@code websockets} library (Debian's python3-websockets) sees them. */
@Timeout(value = 20, unit = SECONDS)
class PythonWebSocketsInteropTest {
    private static final Duration LINE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(15);
    private static final int MAX_MESSAGE = 64 * 1024;

    private String python;
    private Served served;

    @BeforeEach
    void start() {
        python = Tool.python();
        served = Served.start(ServeConfig.loopback().withLimits(MAX_MESSAGE, 1 << 20));
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(List.of(python, Tool.script("py/ws_client.py").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> lines(Proc.Result r) {
        assertEquals(0, r.exit(), "ws_client.py failed\n--- stdout:\n" + r.out() + "\n--- stderr:\n" + r.err());
        return r.out().lines().toList();
    }

    @Test
    void echoReturnsTextAndBinaryFramesAsSentWithPingsAndCloseCode() {
        List<String> out = lines(Proc.run(RUN, client("echo", served.ws("/echo"))));

        assertEquals(List.of(
                "subprotocol chat.v1",
                "extensions permessage-deflate",
                "text héllo ✓",
                "binary bytes 256 True",
                "pong",
                "closed 4000 "), out, "the server echoes the client's close code");
    }

    @Test
    void topicSocketReceivesPublishedMessagesAndPublishesItsFramesToSseAndPoll() {
        try (Proc sse = Proc.start(Tool.curl(), "-sN", "--max-time", "10", served.http("/sse/news?since=0"));
                Proc ws = Proc.start(client("topic", served.ws("/ws/news"), "from python"))) {
            assertEquals("open", ws.nextLine(LINE));
            served.awaitSubscribers("news", "ws", 1, LINE);

            served.publish("news", "hello");

            assertEquals(List.of("recv hello", "recv from python", "closed 1000 "), ws.nextLines(3, LINE),
                    "a frame the socket sends is published to its own topic too");
            assertEquals(List.of("retry: 2000", "", "id: 1", "data: hello", "", "id: 2", "data: from python", ""),
                    sse.nextLines(8, LINE));
        }
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"from python\",\"ts\":\"TS\"}],\"last_id\":2}",
                served.get("/poll/news?since=1").replaceAll("\"ts\":\"[^\"]+\"", "\"ts\":\"TS\""));
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"off", "on", "compressible"})
    void messageOverMaxMessageSizeClosesWith1009(String compression) {
        List<String> out = lines(Proc.run(RUN, client("big", served.ws("/echo"), String.valueOf(MAX_MESSAGE + 1), compression)));

        assertEquals(1, out.size(), String.join("\n", out));
        assertEquals("closed 1009", out.get(0).substring(0, "closed 1009".length()), String.join("\n", out));
    }

    @Test
    void drainClosesEveryWebSocketWith1001() {
        try (Proc ws = Proc.start(client("hold", served.ws("/ws/news"), served.ws("/echo"), served.ws("/signal/room")))) {
            assertEquals("open 3", ws.nextLine(LINE));
            served.awaitSubscribers("news", "ws", 1, LINE);

            served.drain();

            assertEquals(List.of(
                    "ws/news closed 1001 server shutting down",
                    "echo closed 1001 server shutting down",
                    "signal/room closed 1001 server shutting down"), ws.nextLines(3, LINE));
            assertEquals(0, ws.finish(RUN).exit(), ws.stderr());
        }
    }

    @Test
    void signalRelaysEachMessageToTheOtherMembersOfTheRoom() {
        List<String> out = lines(Proc.run(RUN, client("signal", served.ws("/signal/room1"))));

        assertEquals(List.of(
                "b got {\"type\":\"offer\",\"sdp\":\"v=0\"}",
                "c got {\"type\":\"offer\",\"sdp\":\"v=0\"}",
                "a got {\"type\":\"answer\",\"sdp\":\"v=0\"}",
                "c got {\"type\":\"answer\",\"sdp\":\"v=0\"}",
                "a got nothing else"), out);
    }
}
