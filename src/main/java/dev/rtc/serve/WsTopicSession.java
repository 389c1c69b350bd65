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
    private final Topic topic;
    private final Long since;

    private WsTopicSession(Exchange ex, String name, Long since) {
        super(ex);
        this.name = name;
        this.topic = ex.server.hub.topic(name);
        this.since = since;
    }

    static void upgrade(Exchange ex) {
        String name = ex.topicSegment(1);
        Long since = ex.idParam("since");
        WsTopicSession session = new WsTopicSession(ex, name, since);
        HttpHeaders headers = new DefaultHttpHeaders();
        long missed = session.topic.after(since == null ? Long.MAX_VALUE : since, 0).missed();
        if (missed > 0) headers.set(Headers.MISSED, missed);
        upgrade(ex, session, null, headers);
    }

    @Override
    String kind() {
        return "ws";
    }

    private Frames frames;
    private Topic.Backlog backlog;

    @Override
    void joining() {
        frames = new Frames(ex, topic);
        backlog = frames.register(since);
    }

    @Override
    void opened() {
        frames.send(backlog);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            ex.server.hub.publish(name, ByteBufUtil.getBytes(frame.content()));
        } finally {
            frame.release();
        }
    }

    /** The subscription half: topic messages out as frames. */
    private final class Frames extends Subscription {
        Frames(Exchange ex, Topic topic) {
            super(ex, topic, Technique.WS);
        }

        @Override
        List<?> encode(Batch batch) {
            List<Object> frames = new ArrayList<>(batch.messages.size());
            for (Message m : batch.messages) {
                ByteBuf payload = Unpooled.wrappedBuffer(m.data);
                frames.add(m.text != null ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload));
            }
            return frames;
        }

        @Override
        void drain() {
            WsTopicSession.this.drain();
        }
    }
}
