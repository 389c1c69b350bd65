package dev.rtc.serve;

import static dev.rtc.serve.TestServer.withoutTs;
import static dev.rtc.serve.WsRecorder.utf8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WebSocket routes with the JDK's client: topic, echo, signalling, and the limits on frames. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class WebSocketRoutesTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();
    private TestServer t;
    private Http http;

    private void start(ServeConfig config) throws Exception {
        t = server.start(config);
        http = t.http;
    }

    private void start() throws Exception {
        start(ServeConfig.loopback());
    }


    @Test
    void wsTopicSendsTheBacklogFromSinceThenEachNewMessageAsATextFrame() throws Exception {
        start();
        http.post("/publish/news", "one");
        http.post("/publish/news", "two");

        WsRecorder ws = http.ws("/ws/news?since=1");
        ws.expect("text two");
        http.post("/publish/news", "three");

        ws.expect("text three");
        ws.close();
    }

    @Test
    void wsTopicWithoutSinceStartsWithTheNextMessage() throws Exception {
        start();
        http.post("/publish/news", "old");

        WsRecorder ws = http.ws("/ws/news");
        t.awaitSubscribers("news", "ws", 1);
        http.post("/publish/news", "new");

        ws.expect("text new");
        ws.close();
    }

    @Test
    void eachFrameAWsClientSendsIsPublishedToTheTopicItselfIncluded() throws Exception {
        start();
        WsRecorder ws = http.ws("/ws/news");
        t.awaitSubscribers("news", "ws", 1);

        ws.sendText("from ws");
        ws.sendBinary(new byte[] {(byte) 0xff, 0x10});

        ws.expect("text from ws", "binary ff10");
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":1,\"data\":\"from ws\",\"ts\":\"TS\"},"
                + "{\"id\":2,\"data\":\"/xA=\",\"encoding\":\"base64\",\"ts\":\"TS\"}],\"last_id\":2}",
                withoutTs(http.get("/poll/news?since=0").body()));
        ws.close();
    }

    @Test
    void wsTopicUpgradeCarriesTheGapHeader() throws Exception {
        start(ServeConfig.loopback().withHistory(1));
        for (int i = 1; i <= 3; i++) http.post("/publish/news", "m" + i);

        try (RawConnection raw = new RawConnection(t.server)) {
            raw.write("GET /ws/news?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = raw.readHead();

            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nx-rtc-missed: 2\r\n"), head);
            RawConnection.Frame first = raw.readFrame();
            assertEquals(0x1, first.opcode());
            assertEquals("m3", first.text());
        }
    }

    @Test
    void aPlainGetOnAWebSocketRouteIs426() throws Exception {
        start();

        HttpResponse<String> r = http.get("/ws/news");

        assertEquals(426, r.statusCode());
        assertEquals("websocket", r.headers().firstValue("upgrade").orElseThrow());
        assertEquals("{\"error\":\"/ws/news is a WebSocket endpoint: connect with ws://\",\"status\":426}", r.body());
    }

    @Test
    void echoReturnsTextAndBinaryFramesAsSent() throws Exception {
        start();
        WsRecorder echo = http.ws("/echo");

        echo.sendText("héllo");
        echo.sendBinary(new byte[] {0, 1, 2, (byte) 0xfe});
        echo.sendText("");

        echo.expect("text héllo", "binary 000102fe", "text ");
        echo.close();
    }

    @Test
    void echoJoinsAFragmentedMessage() throws Exception {
        start();
        WsRecorder echo = http.ws("/echo");

        echo.socket.sendText("frag", false).get(5, TimeUnit.SECONDS);
        echo.socket.sendText("mented", true).get(5, TimeUnit.SECONDS);

        echo.expect("text fragmented");
        echo.close();
    }

    @Test
    void signalRelaysEachFrameToTheOtherMembersAndNotBackToTheSender() throws Exception {
        start();
        WsRecorder alice = http.ws("/signal/room1");
        WsRecorder bob = http.ws("/signal/room1");
        WsRecorder elsewhere = http.ws("/signal/room2");
        t.awaitRoomMembers("room1", 2);
        t.awaitRoomMembers("room2", 1);

        alice.sendText("{\"type\":\"offer\"}");
        bob.expect("text {\"type\":\"offer\"}");
        bob.sendText("{\"type\":\"answer\"}");
        alice.expect("text {\"type\":\"answer\"}");

        alice.expectNothingFor(200);
        bob.expectNothingFor(0);
        elsewhere.expectNothingFor(0);
        alice.close();
        bob.close();
        elsewhere.close();
    }

    @Test
    void aFrameOverTheMaxMessageSizeClosesWith1009() throws Exception {
        start(ServeConfig.loopback().withLimits(64, 4 << 20));
        WsRecorder echo = http.ws("/echo");

        echo.sendText("x".repeat(64));
        echo.expect("text " + "x".repeat(64));
        echo.sendText("x".repeat(65));

        // Netty's frame decoder answers a single oversized frame itself, with its own reason.
        echo.expect("close 1009 Max frame length of 64 has been exceeded.");
    }

    @Test
    void aFragmentedMessageOverTheMaxMessageSizeClosesWith1009() throws Exception {
        start(ServeConfig.loopback().withLimits(64, 4 << 20));
        WsRecorder ws = http.ws("/ws/news");

        ws.socket.sendText("x".repeat(40), false).get(5, TimeUnit.SECONDS);
        ws.socket.sendText("x".repeat(40), true).get(5, TimeUnit.SECONDS);

        ws.expect("close 1009 message larger than 64 bytes");
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", http.get("/poll/news?since=0").body());
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        start();
        assertEquals(1002, RawConnection.closeCodeAfter(t.server, "/echo", 0x1, utf8("not masked"), false));
    }

    @Test
    void aReservedOpcodeClosesWith1002() throws Exception {
        start();
        assertEquals(1002, RawConnection.closeCodeAfter(t.server, "/ws/news", 0x3, utf8("reserved"), true));
    }

    @Test
    void aMaskedFrameOverARawSocketIsEchoedAndACloseIsAnswered() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(t.server)) {
            raw.upgrade("/echo");

            raw.writeFrame(0x1, utf8("raw hello"), true);
            RawConnection.Frame echoed = raw.readFrame();
            raw.writeFrame(0x8, new byte[] {0x03, (byte) 0xe8}, true);

            assertEquals(0x1, echoed.opcode());
            assertEquals("raw hello", echoed.text());
            assertEquals(1000, raw.readUntilClose().closeCode());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        start();
        assertEquals(1007, RawConnection.closeCodeAfter(t.server, "/ws/news", 0x1, new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe}, true));
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", http.get("/poll/news?since=0").body());
    }

    @Test
    void aReservedBitWithoutAnExtensionClosesWith1002() throws Exception {
        start();
        assertEquals(1002, RawConnection.closeCodeAfter(t.server, "/echo", 0x40 | 0x1, utf8("rsv1 but nothing negotiated"), true));
        assertEquals(1, t.metric("rtc_refused_total{reason=\"websocket_protocol\"}"));
    }

    @Test
    void aCloseCodeAPeerMayNotSendIsAnswered1002NotEchoed() throws Exception {
        start();
        for (int code : new int[] {5000, 999, 1004, 1005, 1006, 1015, 2000}) {
            assertEquals(1002, RawConnection.closeCodeAfter(t.server, "/echo", 0x8, new byte[] {(byte) (code >> 8), (byte) code}, true),
                    "close code " + code);
        }
        assertEquals(1002, RawConnection.closeCodeAfter(t.server, "/echo", 0x8, new byte[] {0x03}, true), "a one-byte close body");
    }

    @Test
    void aValidCloseCodeIsEchoedAndABadReasonIs1007() throws Exception {
        start();
        for (int code : new int[] {1000, 1001, 1011, 3000, 4999}) {
            assertEquals(code, RawConnection.closeCodeAfter(t.server, "/echo", 0x8,
                    new byte[] {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'}, true));
        }
        assertEquals(1007, RawConnection.closeCodeAfter(t.server, "/echo", 0x8, new byte[] {0x03, (byte) 0xe8, (byte) 0xc3, (byte) 0x28}, true));
    }
}
