package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Set;

/** {@code GET /signal/{room}}: a WebRTC signalling relay; each message goes to the room's other members. */
final class SignalSession extends WebSocketSession {
    private final String room;
    private Set<Channel> members;

    private SignalSession(Exchange ex, String room) {
        super(ex);
        this.room = room;
    }

    static void upgrade(Exchange ex) {
        String room = ex.topicSegment(1);
        upgrade(ex, new SignalSession(ex, room), null, null);
    }

    @Override
    String kind() {
        return "signal";
    }

    @Override
    void joining() {
        members = ex.server.rooms.join(room, ch);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            for (Channel other : members) {
                if (other != ch) other.writeAndFlush(frame.retainedDuplicate(), other.voidPromise());
            }
        } finally {
            frame.release();
        }
    }
}
