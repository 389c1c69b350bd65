package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC.md's one topic space, end to end through rtc's own clients: one publish, every client sees it. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class EveryClientTest {

    @Test
    void aMessagePublishedOnceArrivesThroughEveryClient() throws Exception {
        try (TestServer t = TestServer.start()) {
            String url = t.server.url();
            Running poll = Running.start("poll", url + "/poll/news?since=0", "-i", "100ms", "--until", "\"data\":\"once\"");
            Running longpoll = Running.start("longpoll", url + "/longpoll/news", "-n", "1");
            Running sse = Running.start("sse", url + "/sse/news", "-n", "1");
            Running stream = Running.start("stream", url + "/stream/news", "-n", "1");
            for (String technique : List.of("poll", "longpoll", "stream", "sse")) t.awaitSubscribers("news", technique, 1);

            t.server.publish("news", "once".getBytes(StandardCharsets.UTF_8));

            Captured p = poll.finish();
            List<String> bodies = p.out().lines().toList();
            assertTrue(bodies.get(bodies.size() - 1).contains("\"messages\":[{\"id\":1,\"data\":\"once\""), p.out());
            assertEquals(0, p.exitCode(), "poll: " + p.err());
            Captured lp = longpoll.finish();
            assertTrue(lp.out().startsWith("{\"topic\":\"news\",\"messages\":[{\"id\":1,\"data\":\"once\""), lp.out());
            assertEquals(0, lp.exitCode(), "longpoll: " + lp.err());
            Captured st = stream.finish();
            assertEquals("once\n", st.out());
            assertEquals(0, st.exitCode(), "stream: " + st.err());
            Captured s = sse.finish();
            assertEquals("once\n", s.out());
            assertEquals(0, s.exitCode(), "sse: " + s.err());
        }
    }
}
