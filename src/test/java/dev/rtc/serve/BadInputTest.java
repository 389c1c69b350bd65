package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the server does with mistakes, garbage and missing credentials: a clear status, and it stays up. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class BadInputTest {
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
    void anInvalidTopicIs400NamingTheRule() throws Exception {
        start();

        HttpResponse<String> spaced = http.post("/publish/bad%20topic", "x");
        HttpResponse<String> tooLong = http.get("/poll/" + "a".repeat(129));
        HttpResponse<String> empty = http.get("/sse/");

        assertEquals(400, spaced.statusCode());
        assertEquals("application/json", spaced.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"error\":\"invalid topic 'bad topic': use 1 to 128 of A-Z a-z 0-9 . _ ~ -\",\"status\":400}", spaced.body());
        assertEquals(400, tooLong.statusCode());
        assertEquals(400, empty.statusCode());
        assertEquals("{\"error\":\"invalid topic '': use 1 to 128 of A-Z a-z 0-9 . _ ~ -\",\"status\":400}", empty.body());
        HttpResponse<String> nested = http.get("/poll/a/b");
        assertEquals(400, nested.statusCode());
        assertEquals("{\"error\":\"invalid topic 'a/b': use 1 to 128 of A-Z a-z 0-9 . _ ~ -\",\"status\":400}", nested.body());
        assertEquals(201, http.post("/publish/" + "a".repeat(128), "x").statusCode(), "128 characters is allowed");
        assertEquals(201, http.post("/publish/A-z_0.9~", "x").statusCode());
    }

    @Test
    void aBodyOverTheMaxMessageSizeIs413() throws Exception {
        start(ServeConfig.loopback().withLimits(16, 4 << 20));

        HttpResponse<String> fits = http.post("/publish/news", "x".repeat(16));
        HttpResponse<String> over = http.post("/publish/news", "x".repeat(17));

        assertEquals(201, fits.statusCode());
        assertEquals(413, over.statusCode());
        assertEquals("{\"error\":\"message larger than --max-message-size (16 bytes)\",\"status\":413}", over.body());
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":1}", http.get("/poll/news?since=1").body());
    }

    @Test
    void anUnknownRouteIs404() throws Exception {
        start();

        HttpResponse<String> r = http.get("/nope");

        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"no route for /nope (GET / lists the routes)\",\"status\":404}", r.body());
        assertEquals(404, http.get("/healthz/extra").statusCode());
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        start();

        HttpResponse<String> getPublish = http.get("/publish/news");
        HttpResponse<String> postPoll = http.post("/poll/news", "x");
        HttpResponse<String> deleteEcho = http.send(http.request("/echo").DELETE().build());

        assertEquals(405, getPublish.statusCode());
        assertEquals("POST", getPublish.headers().firstValue("allow").orElseThrow());
        assertEquals("{\"error\":\"GET is not allowed on /publish/news; use POST\",\"status\":405}", getPublish.body());
        assertEquals(405, postPoll.statusCode());
        assertEquals("GET", postPoll.headers().firstValue("allow").orElseThrow());
        assertEquals(405, deleteEcho.statusCode());
        assertEquals("GET, POST", deleteEcho.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void malformedHttpIs400AndTheConnectionIsClosed() throws Exception {
        start();
        String response = RawConnection.exchange(t.server,
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBroken header line without colon\r\n\r\n");

        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n{\"error\":\"malformed HTTP request\",\"status\":400}"), response);
    }

    @Test
    void garbageBytesNeverTakeTheServerDown() throws Exception {
        start();
        byte[] garbage = new byte[64 * 1024];
        ThreadLocalRandom.current().nextBytes(garbage);
        for (byte[] junk : new byte[][] {garbage, "\u0000\u0001\u0002\r\n\r\n".getBytes(), "GET\r\n\r\n".getBytes(),
                ("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n\r\n").getBytes(), "SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes()}) {
            try (RawConnection raw = new RawConnection(t.server)) {
                try {
                    raw.write(junk);
                } catch (java.io.IOException resetWhileWriting) {
                    // the server may close before it has read everything
                }
                assertTrue(raw.closedByServer(), "the server ends a connection that sent " + junk.length + " bytes of junk");
            }
        }

        HttpResponse<String> health = http.get("/healthz");

        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
    }

    @Test
    void aRequestLineTooLongIs414() throws Exception {
        start();
        String response = RawConnection.exchange(t.server, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertTrue(response.startsWith("HTTP/1.1 414 Request-URI Too Long\r\n"), response);
        assertTrue(response.endsWith("{\"error\":\"request line or headers too long\",\"status\":414}"), response);
    }

    @Test
    void aPortAlreadyInUseExitsOneWithOneLine() throws Exception {
        start();
        String busyPort = String.valueOf(t.server.port());

        Captured run = Captured.run("serve", "-p", busyPort, "-q");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals("rtc: cannot listen on 127.0.0.1:" + busyPort + ": address already in use\n", run.err());
    }

    @Test
    void aTokenIsRequiredEverywhereButHealthz() throws Exception {
        start(ServeConfig.loopback().withAccess(null, "s3cret"));

        HttpResponse<String> none = http.get("/topics");
        HttpResponse<String> wrong = http.get("/topics", "Authorization", "Bearer nope");

        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"rtc\"", none.headers().firstValue("www-authenticate").orElseThrow());
        assertEquals("{\"error\":\"missing or wrong token: send Authorization: Bearer TOKEN or ?token=\",\"status\":401}", none.body());
        assertEquals(401, wrong.statusCode());
        assertEquals(401, http.post("/publish/news", "x").statusCode());
        assertEquals(401, http.get("/topics?token=s3cre").statusCode());
        assertEquals(200, http.get("/healthz").statusCode());
        assertEquals(200, http.get("/topics", "Authorization", "Bearer s3cret").statusCode());
        assertEquals(200, http.get("/topics?token=s3cret").statusCode());
        assertEquals(201, http.post("/publish/news?token=s3cret", "x").statusCode());
    }

    @Test
    void aWebSocketWithTheTokenInTheQueryConnects() throws Exception {
        start(ServeConfig.loopback().withAccess(null, "s3cret"));

        WsRecorder echo = http.ws("/echo?token=s3cret");
        echo.sendText("in");

        echo.expect("text in");
        echo.close();
    }

    @Test
    void corsHeadersAreOnEveryResponse() throws Exception {
        start(ServeConfig.loopback().withAccess("https://app.example", null));

        HttpResponse<String> r = http.get("/poll/news");

        assertEquals("https://app.example", r.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("ETag, X-Rtc-Missed", r.headers().firstValue("access-control-expose-headers").orElseThrow());
        assertTrue("origin".equalsIgnoreCase(r.headers().firstValue("vary").orElseThrow()));
    }

    @Test
    void corsAnswersAPreflightWithTheAllowedOriginMethodsAndHeaders() throws Exception {
        start(ServeConfig.loopback().withAccess("*", "s3cret"));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base + "/publish/news"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .build());

        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals("GET, POST, OPTIONS", r.headers().firstValue("access-control-allow-methods").orElseThrow());
        assertEquals("Authorization, Content-Type, Last-Event-ID, If-None-Match",
                r.headers().firstValue("access-control-allow-headers").orElseThrow());
        assertEquals("600", r.headers().firstValue("access-control-max-age").orElseThrow());
    }

    @Test
    void aRejectedRequestStillCarriesCorsHeadersSoTheBrowserCanReadIt() throws Exception {
        start(ServeConfig.loopback().withAccess("*", "s3cret"));

        HttpResponse<String> r = http.get("/topics");

        assertEquals(401, r.statusCode());
        assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null));
    }

    @Test
    void withoutCorsThereAreNoCorsHeaders() throws Exception {
        start();

        HttpResponse<String> r = http.get("/healthz");

        assertNull(r.headers().firstValue("access-control-allow-origin").orElse(null));
    }
}
