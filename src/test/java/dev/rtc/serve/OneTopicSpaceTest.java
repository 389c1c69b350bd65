package dev.rtc.serve;

import static dev.rtc.serve.TestServer.withoutTs;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC.md's promise: a message published once reaches the subscribers of every technique. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class OneTopicSpaceTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer t;

    @BeforeEach
    void start() {
        t = server.get();
    }


    @Test
    void aMessagePublishedOnceIsSeenByPollLongpollStreamSseAndWs() throws Exception {
        Http http = t.http;
        CompletableFuture<HttpResponse<String>> longpoll = http.client.sendAsync(
                http.request("/longpoll/news").GET().build(), HttpResponse.BodyHandlers.ofString());
        StreamRecorder stream = http.stream("/stream/news");
        StreamRecorder sse = http.stream("/sse/news");
        WsRecorder ws = http.ws("/ws/news");
        sse.expect("retry: 2000", "");
        for (String technique : new String[] {"longpoll", "stream", "sse", "ws"}) t.awaitSubscribers("news", technique, 1);

        assertEquals("{\"topic\":\"news\",\"id\":1,\"subscribers\":{\"poll\":0,\"longpoll\":1,\"stream\":1,\"sse\":1,\"ws\":1}}",
                http.post("/publish/news", "once").body());

        String pollBody = "{\"topic\":\"news\",\"messages\":[{\"id\":1,\"data\":\"once\",\"ts\":\"TS\"}],\"last_id\":1}";
        assertEquals(pollBody, withoutTs(http.get("/poll/news").body()));
        assertEquals(pollBody, withoutTs(longpoll.get(5, SECONDS).body()));
        stream.expect("once");
        sse.expect("id: 1", "data: once", "");
        ws.expect("text once");
        assertEquals(1, t.metric("rtc_messages_published_total"));
        for (String technique : new String[] {"poll", "longpoll", "stream", "sse", "ws"}) {
            assertEquals(1, t.metric("rtc_messages_delivered_total{technique=\"" + technique + "\"}"), technique);
        }
        stream.cancel();
        sse.cancel();
        ws.close();
    }

    @Test
    void aMessageSentOverWsReachesTheHttpSubscribers() throws Exception {
        Http http = t.http;
        StreamRecorder sse = http.stream("/sse/chat");
        WsRecorder ws = http.ws("/ws/chat");
        sse.expect("retry: 2000", "");
        t.awaitSubscribers("chat", "sse", 1);

        ws.sendText("typed in a browser");

        sse.expect("id: 1", "data: typed in a browser", "");
        ws.expect("text typed in a browser");
        sse.cancel();
        ws.close();
    }
}
