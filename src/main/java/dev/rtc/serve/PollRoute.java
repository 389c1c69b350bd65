package dev.rtc.serve;

import dev.rtc.json.Json;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /poll/{topic}?since=ID&limit=N}: what is there, at once. {@code ETag} is the last id, so an
 * unchanged topic answers {@code If-None-Match} with 304.
 */
final class PollRoute {
    private PollRoute() {}

    static void handle(Exchange ex) {
        String name = ex.topicSegment(1);
        Long since = ex.idParam("since");
        Long limit = ex.idParam("limit");
        int max = limit == null ? Integer.MAX_VALUE : (int) Math.min(limit, Integer.MAX_VALUE);
        SharedSpace shared = ex.server.hub.shared;
        if (shared != null) {
            Topic topic = ex.server.hub.find(name);
            if (topic != null) topic.recordPoll(ex.client(), System.currentTimeMillis());
            shared.peek(name, since, ex.param("epoch"), max, ex.ctx.executor(), (b, err) -> {
                if (err != null) {
                    SharedSpace.respondUnavailable(ex, err);
                } else {
                    answer(ex, name, b);
                }
            });
            return;
        }
        // Reading creates no topic: one that does not exist reads as empty (after its last id, if it had one).
        Topic topic = ex.server.hub.find(name);
        if (topic != null) topic.recordPoll(ex.client(), System.currentTimeMillis());
        answer(ex, name, ex.server.hub.peek(name, since, max));
    }

    private static void answer(Exchange ex, String name, Topic.Backlog b) {
        Page page = page(name, b);
        String etag = "\"" + page.lastId() + "\"";
        if (matches(ex.header(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            FullHttpResponse r = ex.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
            r.headers().set(HttpHeaderNames.ETAG, etag);
            ex.respond(r);
            return;
        }
        ex.server.metrics.delivered.get(Technique.POLL).add(page.messages());
        FullHttpResponse r = ex.response(HttpResponseStatus.OK, "application/json", page.body());
        r.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        missedHeader(r, b);
        ex.respond(r);
    }

    /**
     * A poll or long-poll body: {@code {"topic":…,"messages":[…],"last_id":…}} plus {@code "missed":N} when
     * history no longer had them, and {@code "more":true} when more messages wait than one body carries
     * ({@link #MAX_BODY_BYTES}: a client asks again with {@code since} = {@code last_id}). {@code last_id} is
     * the id a client passes as {@code since} next: the last message carried, else the topic's last id.
     */
    record Page(byte[] body, long lastId, int messages) {}

    /** Roughly the most a poll or long-poll body carries; always at least one message. */
    static final int MAX_BODY_BYTES = 4 << 20;

    static Page page(String topic, Topic.Backlog b) {
        StringBuilder msgs = new StringBuilder("[");
        List<Message> ms = b.messages();
        int n = 0;
        for (; n < ms.size(); n++) {
            String json = ms.get(n).json();
            if (n > 0 && msgs.length() + json.length() > MAX_BODY_BYTES) break;
            if (n > 0) msgs.append(',');
            msgs.append(json);
        }
        long lastId = n == 0 ? b.lastId() : ms.get(n - 1).id;
        Json o = Json.object().put("topic", topic).putRaw("messages", msgs.append(']')).put("last_id", lastId);
        if (b.missed() > 0) o.put("missed", b.missed());
        if (b.epoch() != null) o.put("epoch", b.epoch());
        if (n < ms.size()) o.put("more", true);
        return new Page(o.toString().getBytes(StandardCharsets.UTF_8), lastId, n);
    }

    static void missedHeader(io.netty.handler.codec.http.HttpResponse r, Topic.Backlog b) {
        if (b.missed() > 0) r.headers().set(Headers.MISSED, b.missed());
        if (b.epoch() != null) r.headers().set(Headers.EPOCH, b.epoch());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) c = c.substring(2);
            if (c.equals(etag) || c.equals("*")) return true;
        }
        return false;
    }
}
