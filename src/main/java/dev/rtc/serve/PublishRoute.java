package dev.rtc.serve;

import dev.rtc.output.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.EnumMap;

/** {@code POST /publish/{topic}}: the body becomes the topic's next message. */
final class PublishRoute {
    private PublishRoute() {}

    static void handle(Exchange ex) {
        String topic = ex.topicSegment(1);
        Topic t = ex.server.hub.topic(topic);
        Message m;
        EnumMap<Technique, Integer> reached;
        // Counted under the topic's lock, with the publish: the subscribers this message was queued to. Counted
        // after it, a long poll it already answered (on another loop) would be missing.
        synchronized (t) {
            reached = t.subscriberCounts();
            m = ex.server.hub.publish(topic, Router.bytes(ex));
        }
        ex.json(HttpResponseStatus.CREATED, Json.object().put("topic", topic).put("id", m.id())
                .putRaw("subscribers", Hub.subscribersJson(t, reached)).toString());
    }
}
