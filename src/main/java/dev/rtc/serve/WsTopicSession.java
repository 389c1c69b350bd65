package dev.rtc.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /ws/{topic}?since=ID}: each topic message arrives as a text frame of its data (binary
 * frame when the data is not UTF-8); each message the client sends is published to the topic.
 */
final class WsTopicSession extends WebSocketSession {
    private final String name;
    private final Long since;
    /** The 101's extra headers, filled in when joining: {@code X-Rtc-Missed}. */
    private final HttpHeaders headers = new DefaultHttpHeaders();

    private WsTopicSession(Exchange ex, String name, Long since) {
        super(ex);
        this.name = name;
        this.since = since;
    }

    static void upgrade(Exchange ex) {
        String name = ex.topicSegment(1);
        Long since = ex.idParam("since");
        WsTopicSession session = new WsTopicSession(ex, name, since);
        if (!"websocket".equalsIgnoreCase(ex.header(io.netty.handler.codec.http.HttpHeaderNames.UPGRADE))) {
            upgrade(ex, session, null, session.headers); // 426, joining nothing
            return;
        }
        // Joined before the 101 (with --redis the backlog may come from Redis first): see joining().
        session.frames = session.new Frames(ex, name);
        session.frames.join(since, ex.param("epoch"), backlog -> {
            session.backlog = backlog;
            upgrade(ex, session, null, session.headers);
        });
    }

    @Override
    String kind() {
        return "ws";
    }

    private Frames frames;
    private Topic.Backlog backlog;

    @Override
    void joining() {
        if (backlog.missed() > 0) headers.set(Headers.MISSED, backlog.missed());
        if (backlog.epoch() != null) headers.set(Headers.EPOCH, backlog.epoch());
    }

    @Override
    void opened() {
        frames.send(backlog);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        byte[] data;
        try {
            data = ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
        SharedSpace shared = ex.server.hub.shared;
        if (shared == null) {
            ex.server.hub.publish(name, data);
            return;
        }
        // Frames of one socket reach Redis in order (one connection, pipelined); one that cannot be stored
        // closes the socket with 1013, try again later: nothing is acknowledged that was not stored.
        shared.publish(name, data).whenComplete((m, err) -> {
            if (err != null) ch.eventLoop().execute(() -> {
                if (ch.isActive()) closeWith(1013, "redis unreachable, try again later");
            });
        });
    }

    /** The subscription half: topic messages out as frames. */
    private final class Frames extends Subscription {
        Frames(Exchange ex, String name) {
            super(ex, name, Technique.WS);
        }

        @Override
        List<?> encode(Batch batch) {
            List<Object> frames = new ArrayList<>(batch.messages.size());
            for (Message m : batch.messages) {
                ByteBuf payload = Unpooled.wrappedBuffer(m.data);
                frames.add(m.utf8 ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload));
            }
            return frames;
        }

        @Override
        void drain() {
            WsTopicSession.this.drain();
        }
    }
}
