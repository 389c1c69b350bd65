package dev.rtc.serve;

import dev.rtc.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.EnumMap;

/** {@code POST /publish/{topic}}: the body becomes the topic's next message. */
final class PublishRoute {
    private PublishRoute() {}

    static void handle(Exchange ex) {
        String topic = ex.topicSegment(1);
        SharedSpace shared = ex.server.hub.shared;
        if (shared != null) {
            // Answered once Redis stored it, on this connection's loop; never blocking it.
            shared.publish(topic, Router.bytes(ex)).whenComplete((m, err) -> ex.ctx.executor().execute(() -> {
                if (err != null) {
                    SharedSpace.respondUnavailable(ex, err);
                    return;
                }
                Topic t = ex.server.hub.find(topic);
                Json body = Json.object().put("topic", topic).put("id", m.id()).put("epoch", m.epoch);
                if (t != null) body.putRaw("subscribers", Hub.subscribersJson(t));
                io.netty.handler.codec.http.FullHttpResponse r = ex.response(HttpResponseStatus.CREATED, "application/json",
                        body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                r.headers().set(Headers.EPOCH, m.epoch);
                ex.respond(r);
            }));
            return;
        }
        // Counted under the topic's lock, with the publish: the subscribers this message was queued to. Counted
        // after it, a long poll it already answered (on another loop) would be missing.
        EnumMap<Technique, Integer> reached = new EnumMap<>(Technique.class);
        Hub.Published p = ex.server.hub.publish(topic, Router.bytes(ex), reached);
        ex.json(HttpResponseStatus.CREATED, Json.object().put("topic", topic).put("id", p.message().id())
                .putRaw("subscribers", Hub.subscribersJson(p.topic(), reached)).toString());
    }
}
