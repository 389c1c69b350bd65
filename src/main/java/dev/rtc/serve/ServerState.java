package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What every handler of one server shares: its configuration, topics, counters, log and open streams. */
final class ServerState {
    /** Set while a connection holds a subscription, so the idle timeout leaves it alone. */
    static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("rtc.busy");
    /** How to end this long-lived connection politely when the server drains. */
    static final AttributeKey<Runnable> DRAIN = AttributeKey.valueOf("rtc.drain");

    final ServeConfig config;
    final Metrics metrics = new Metrics();
    final Hub hub;
    final AccessLog log;
    final Rooms rooms = new Rooms();
    final Set<Channel> longLived = ConcurrentHashMap.newKeySet();
    volatile boolean draining;

    ServerState(ServeConfig config) {
        this.config = config;
        this.hub = new Hub(config.history(), metrics);
        this.log = new AccessLog(config.log());
    }

    /** Marks {@code ch} as a held connection that {@code drain} ends when the server shuts down. */
    void hold(Channel ch, Runnable drain) {
        ch.attr(BUSY).set(Boolean.TRUE);
        ch.attr(DRAIN).set(drain);
        longLived.add(ch);
        ch.closeFuture().addListener(f -> longLived.remove(ch));
    }

    void release(Channel ch) {
        ch.attr(BUSY).set(null);
        ch.attr(DRAIN).set(null);
        longLived.remove(ch);
    }
}
