package dev.rtc.serve;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Set;

/**
 * {@code GET /signal/{room}}: a WebRTC signalling relay; each message goes to the room's other members.
 * With --redis, also to its members on the other instances, through Redis.
 */
final class SignalSession extends WebSocketSession {
    private final String room;
    private Set<Channel> members;

    private SignalSession(Exchange ex, String room) {
        super(ex);
        this.room = room;
    }

    static void upgrade(Exchange ex) {
        String room = ex.topicSegment(1);
        SharedSpace shared = ex.server.hub.shared;
        if (shared != null && !shared.up()) {
            // A member the other instances could not hear from: refused, as a publish is.
            ex.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "redis unreachable: the room spans instances through it");
            return;
        }
        upgrade(ex, new SignalSession(ex, room), null, null);
    }

    @Override
    String kind() {
        return "signal";
    }

    @Override
    void joining() {
        members = ex.server.rooms.join(room, ch);
        SharedSpace shared = ex.server.hub.shared;
        if (shared != null) shared.enterRoom(room, ch);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            for (Channel other : members) {
                if (other != ch) other.writeAndFlush(frame.retainedDuplicate(), other.voidPromise());
            }
            SharedSpace shared = ex.server.hub.shared;
            if (shared == null) return;
            // Frames of one socket reach Redis in order (one connection); one that cannot be relayed closes
            // the socket with 1013, try again later, rather than leave the other side waiting for it.
            shared.relay(room, frame instanceof TextWebSocketFrame, ByteBufUtil.getBytes(frame.content())).whenComplete((v, err) -> {
                if (err != null) ch.eventLoop().execute(() -> {
                    if (ch.isActive()) closeWith(1013, "redis unreachable, try again later");
                });
            });
        } finally {
            frame.release();
        }
    }
}
