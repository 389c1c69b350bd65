package dev.rtc.serve;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * WebRTC signalling rooms: who is in each on this instance, so a frame can reach the other members. With
 * --redis, {@link SharedSpace} also tells Redis, and relays frames to and from the other instances.
 */
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

    /** This instance's members of {@code room} (empty when none). */
    Set<Channel> in(String room) {
        Set<Channel> s = rooms.get(room);
        return s == null ? Set.of() : s;
    }

    /** Each room with its members here. */
    void forEach(BiConsumer<String, Set<Channel>> each) {
        for (Map.Entry<String, Set<Channel>> e : rooms.entrySet()) each.accept(e.getKey(), e.getValue());
    }
}
