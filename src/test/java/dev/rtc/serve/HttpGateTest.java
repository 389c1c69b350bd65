package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate without sockets: HTTP codec and gate in an EmbeddedChannel, bytes in, bytes out. */
class HttpGateTest {
    private EmbeddedChannel ch;

    private void gate(ServeConfig config) {
        ch = new EmbeddedChannel(new HttpServerCodec(), new HttpGate(new ServerState(config)));
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private void send(String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    }

    private String response() {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            sb.append(((ByteBuf) o).toString(StandardCharsets.UTF_8));
            ReferenceCountUtil.release(o);
        }
        return sb.toString();
    }

    @Test
    void aMalformedRequestIs400AndTheConnectionIsClosed() {
        gate(ServeConfig.loopback());

        send("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");

        String r = response();
        assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\n{\"error\":\"malformed HTTP request\",\"status\":400}"), r);
        assertNull(ch.readInbound(), "nothing reaches the routes");
        assertFalse(ch.isOpen());
    }

    @Test
    void aWellFormedRequestPassesThrough() {
        gate(ServeConfig.loopback());

        send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        HttpRequest req = assertInstanceOf(HttpRequest.class, ch.readInbound());
        assertEquals("/healthz", req.uri());
        assertEquals("", response());
        assertTrue(ch.isOpen());
        ReferenceCountUtil.release(req);
    }

    @Test
    void withATokenARequestWithoutItIs401AndItsBodyIsDiscarded() {
        gate(ServeConfig.loopback().withAccess(null, "t0k"));

        send("POST /publish/news HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");

        String r = response();
        assertTrue(r.startsWith("HTTP/1.1 401 Unauthorized\r\n"), r);
        assertTrue(r.contains("www-authenticate: Bearer realm=\"rtc\"\r\n"), r);
        assertNull(ch.readInbound(), "neither the request nor its body reach the routes");
    }

    @Test
    void theTokenIsAcceptedFromTheHeaderOrTheQueryAndHealthzIsExempt() {
        gate(ServeConfig.loopback().withAccess(null, "t0k"));

        send("GET /topics HTTP/1.1\r\nAuthorization: Bearer t0k\r\n\r\n");
        send("GET /topics?token=t0k HTTP/1.1\r\n\r\n");
        send("GET /healthz HTTP/1.1\r\n\r\n");

        int passed = 0;
        for (Object o; (o = ch.readInbound()) != null; ) {
            if (o instanceof HttpRequest) passed++;
            ReferenceCountUtil.release(o);
        }
        assertEquals(3, passed);
        assertEquals("", response());
    }
}
