package dev.rtc.compare;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.http.HttpClientSettings;
import dev.rtc.http.HttpSession;
import dev.rtc.http.HttpVersion;
import dev.rtc.http.Resolve;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.rtc.serve.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/** The run itself, with a stand-in client ({@link LineClient}) on the stream route, so that it is tested without the library clients. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = SECONDS)
class ComparisonTest {
    private Server server;
    private HttpSession session;

    @BeforeEach
    void start() throws Exception {
        server = Server.start(ServeConfig.loopback());
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
        server.close();
    }

    private List<Row> run(long messages, double rate, Duration rtt, boolean chaos) throws Exception {
        String topic = Comparison.freshTopic();
        HttpUrl publish = HttpUrl.get(server.url() + "/publish/" + topic);
        session = HttpSession.open(new HttpClientSettings(publish, null, List.of(), null, null, null, false, null, null,
                Duration.ofSeconds(5), null, HttpVersion.DEFAULT, Resolve.NONE, null));
        Comparison.Settings s = new Comparison.Settings(List.of(Technique.STREAM), 2, messages, 100, rate, false, rtt,
                chaos, Duration.ofSeconds(1));
        Comparison.Clients clients = (t, base, tp, listener) -> new LineClient(base + "/stream/" + tp, listener);
        return new Comparison(s, new InetSocketAddress("127.0.0.1", server.port()),
                new Publisher(session, publish, 100, false), clients, null).run(topic);
    }

    @Test
    void everySubscriberGetsEveryMessageOnceInOrder() throws Exception {
        Row r = run(40, 200, Duration.ZERO, false).get(0);
        assertEquals(Row.Outcome.KEPT, r.outcome(), r.note());
        assertEquals(80, r.tally().delivered());
        assertEquals(0, r.tally().lost());
        assertEquals(0, r.tally().duplicated());
        assertEquals(0, r.tally().outOfOrder());
        assertEquals(2, r.connections());
        assertTrue(r.bytesDown() > 80 * 100, "bytes down " + r.bytesDown());
        assertTrue(r.tally().maxMillis() < 1000, "max latency " + r.tally().maxMillis());
    }

    @Test
    void aRoundTripDelaysEachMessageByHalfOfIt() throws Exception {
        Row r = run(10, 50, Duration.ofMillis(200), false).get(0);
        assertEquals(0, r.tally().lost());
        double p50 = r.tally().millisAt(50);
        assertTrue(p50 >= 100 && p50 < 100 + 80, "p50 " + p50 + " ms, expected about 100");
    }

    @Test
    void chaosCutsOnceAndAStreamShowsWhatItLost() throws Exception {
        Row r = run(100, 100, Duration.ZERO, true).get(0);
        assertEquals(Row.Outcome.KEPT, r.outcome(), "a plain stream may lose at the cut: " + r.note());
        assertTrue(r.reconnections() >= 2, "reconnections " + r.reconnections());
        assertEquals(4, r.connections());
        assertTrue(r.tally().lost() > 0, "a stream without resume lost nothing across a cut?");
        assertTrue(r.note().contains("lost at the cut"), r.note());
        assertTrue(r.recoveryMs() > 0 && r.recoveryMs() < 2000, "recovery " + r.recoveryMs());
    }
}
