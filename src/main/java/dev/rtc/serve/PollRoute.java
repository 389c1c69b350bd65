package dev.rtc.serve;

import dev.rtc.output.Json;
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
        Topic topic = ex.server.hub.topic(name);
        topic.recordPoll(AccessLog.address(ex.ctx.channel().remoteAddress()), System.currentTimeMillis());
        Topic.Backlog b = topic.after(since, limit == null ? Integer.MAX_VALUE : (int) Math.min(limit, Integer.MAX_VALUE));
        String etag = "\"" + lastId(b) + "\"";
        if (matches(ex.header(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            FullHttpResponse r = ex.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
            r.headers().set(HttpHeaderNames.ETAG, etag);
            ex.respond(r);
            return;
        }
        ex.server.metrics.delivered.get(Technique.POLL).add(b.messages().size());
        FullHttpResponse r = ex.response(HttpResponseStatus.OK, "application/json", body(name, b));
        r.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        missedHeader(r, b);
        ex.respond(r);
    }

    /** The id a client passes as {@code since} next: the last message returned, else the topic's last id. */
    static long lastId(Topic.Backlog b) {
        List<Message> ms = b.messages();
        return ms.isEmpty() ? b.lastId() : ms.get(ms.size() - 1).id;
    }

    /** {@code {"topic":…,"messages":[…],"last_id":…}} plus {@code "missed":N} when history no longer had them. */
    static byte[] body(String topic, Topic.Backlog b) {
        StringBuilder msgs = new StringBuilder("[");
        for (Message m : b.messages()) {
            if (msgs.length() > 1) msgs.append(',');
            msgs.append(m.json());
        }
        Json o = Json.object().put("topic", topic).putRaw("messages", msgs.append(']')).put("last_id", lastId(b));
        if (b.missed() > 0) o.put("missed", b.missed());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void missedHeader(io.netty.handler.codec.http.HttpResponse r, Topic.Backlog b) {
        if (b.missed() > 0) r.headers().set(Headers.MISSED, b.missed());
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
