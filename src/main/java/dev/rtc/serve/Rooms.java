package dev.rtc.serve;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** WebRTC signalling rooms: who is in each, so a frame can reach the other members. */
final class Rooms {
    private final ConcurrentHashMap<String, Set<Channel>> rooms = new ConcurrentHashMap<>();

    Set<Channel> join(String room, Channel ch) {
        Set<Channel> members = rooms.compute(room, (k, v) -> {
            Set<Channel> s = v == null ? ConcurrentHashMap.newKeySet() : v;
            s.add(ch);
            return s;
        });
        ch.closeFuture().addListener(f -> leave(room, ch));
        return members;
    }

    private void leave(String room, Channel ch) {
        rooms.computeIfPresent(room, (k, v) -> {
            v.remove(ch);
            return v.isEmpty() ? null : v;
        });
    }

    int members(String room) {
        Set<Channel> s = rooms.get(room);
        return s == null ? 0 : s.size();
    }
}
