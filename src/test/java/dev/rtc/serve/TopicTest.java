package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The topic without sockets: ids, bounded history, what a late subscriber missed, live delivery. */
class TopicTest {
    private final Topic topic = new Topic("news", 3);

    private void publish(int n) {
        for (int i = 1; i <= n; i++) topic.publish(("m" + i).getBytes(StandardCharsets.UTF_8), 1_000L * i);
    }

    private static List<Long> ids(Topic.Backlog b) {
        return b.messages().stream().map(Message::id).toList();
    }

    @Test
    void idsCountUpFromOneAndTheHistoryKeepsTheNewest() {
        publish(5);

        assertEquals(5, topic.lastId());
        assertEquals(3, topic.retained());
        assertEquals(List.of(3L, 4L, 5L), ids(topic.after(2L, Integer.MAX_VALUE)));
    }

    @Test
    void withoutSinceOnlyTheLatestMessage() {
        publish(5);

        Topic.Backlog b = topic.after(null, Integer.MAX_VALUE);

        assertEquals(List.of(5L), ids(b));
        assertEquals(0, b.missed());
    }

    @Test
    void aSinceBeforeTheHistoryCountsWhatWasMissed() {
        publish(5);

        assertEquals(2, topic.after(0L, 10).missed(), "ids 1 and 2 are gone");
        assertEquals(1, topic.after(1L, 10).missed(), "id 2 is gone");
        assertEquals(0, topic.after(2L, 10).missed(), "everything after 2 is retained");
        assertEquals(0, topic.after(5L, 10).missed());
        assertEquals(0, topic.after(99L, 10).missed(), "a since from the future misses nothing");
    }

    @Test
    void limitTakesTheOldestFirst() {
        publish(5);

        assertEquals(List.of(3L, 4L), ids(topic.after(0L, 2)));
        assertEquals(List.of(), ids(topic.after(0L, 0)));
    }

    @Test
    void anEmptyTopicHasNothingAndMissedNothing() {
        Topic.Backlog b = topic.after(0L, 10);

        assertEquals(List.of(), b.messages());
        assertEquals(0, b.missed());
        assertEquals(0, b.lastId());
    }

    @Test
    void aSubscriberGetsItsBacklogThenEachLaterMessageOnceInOrder() {
        publish(4);
        Recording s = new Recording(Technique.SSE);

        Topic.Backlog backlog = topic.subscribe(s, 2L);
        topic.publish("m5".getBytes(StandardCharsets.UTF_8), 5_000);
        topic.publish("m6".getBytes(StandardCharsets.UTF_8), 6_000);

        assertEquals(List.of(3L, 4L), ids(backlog));
        assertEquals(List.of(5L, 6L), s.ids);
        assertEquals(1, topic.subscriberCounts().get(Technique.SSE));
    }

    @Test
    void anUnsubscribedSubscriberGetsNothingMore() {
        Recording a = new Recording(Technique.WS);
        Recording b = new Recording(Technique.WS);
        topic.subscribe(a, null);
        topic.subscribe(b, null);

        topic.publish(new byte[] {1}, 0);
        topic.unsubscribe(a);
        topic.publish(new byte[] {2}, 0);

        assertEquals(List.of(1L), a.ids);
        assertEquals(List.of(1L, 2L), b.ids);
        assertEquals(1, topic.subscriberCounts().get(Technique.WS));
    }

    @Test
    void pollersCountWhileTheyPolledWithinTheWindow() {
        topic.recordPoll("127.0.0.1:1000", 0);
        topic.recordPoll("127.0.0.1:1001", 10_000);

        assertEquals(2, topic.recentPollers(20_000));
        assertEquals(1, topic.recentPollers(Topic.POLLER_WINDOW_MS + 1));
        assertEquals(0, topic.recentPollers(Topic.POLLER_WINDOW_MS + 10_001));
    }

    @Test
    void aMessageIsJsonWithBase64WhenItIsNotText() {
        Message text = new Message(7, "a\"b".getBytes(StandardCharsets.UTF_8), 0);
        Message binary = new Message(8, new byte[] {(byte) 0xff}, 1);

        assertEquals("{\"id\":7,\"data\":\"a\\\"b\",\"ts\":\"1970-01-01T00:00:00.000Z\"}", text.json());
        assertEquals("{\"id\":8,\"data\":\"/w==\",\"encoding\":\"base64\",\"ts\":\"1970-01-01T00:00:00.001Z\"}", binary.json());
    }

    /** A subscriber on the calling thread that remembers the ids it was given. */
    private static final class Recording implements Subscriber {
        final List<Long> ids = new ArrayList<>();
        private final Technique technique;

        Recording(Technique technique) {
            this.technique = technique;
        }

        @Override
        public Technique technique() {
            return technique;
        }

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public void deliver(Message m) {
            ids.add(m.id());
        }
    }
}
