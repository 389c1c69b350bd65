package dev.rtc.serve;

import dev.rtc.output.Json;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code POST /publish/{topic}}: the body becomes the topic's next message. */
final class PublishRoute {
    private PublishRoute() {}

    static void handle(Exchange ex) {
        String topic = ex.topicSegment(1);
        Message m = ex.server.hub.publish(topic, Router.bytes(ex));
        Topic t = ex.server.hub.topic(topic);
        ex.json(HttpResponseStatus.CREATED, Json.object().put("topic", topic).put("id", m.id())
                .putRaw("subscribers", Hub.subscribersJson(t)).toString());
    }
}
