package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What every handler of one server shares: its configuration, topics, counters, log and open streams. */
final class ServerState {
    /** How to end this long-lived connection politely when the server drains. */
    static final AttributeKey<Runnable> DRAIN = AttributeKey.valueOf("rtc.drain");
    /** On an HTTP/2 connection: tells the client that no new stream will be served (the drain's first step). */
    static final AttributeKey<Runnable> GO_AWAY = AttributeKey.valueOf("rtc.goaway");

    final ServeConfig config;
    final Metrics metrics = new Metrics();
    final Hub hub;
    final AccessLog log;
    /** --trust-proxy: whose forwarding headers name the client in the log and as a poll subscriber. */
    final TrustedProxies proxies;
    final Rooms rooms = new Rooms();
    /** Held connections, or HTTP/2 streams, each with its {@link #DRAIN}. */
    final Set<Channel> longLived = ConcurrentHashMap.newKeySet();
    /** Every open connection, so that a drain closes each one itself rather than leave it to loop shutdown. */
    final Set<Channel> open = ConcurrentHashMap.newKeySet();
    volatile boolean draining;
    /** Takes every path as a WebSocket instead of the routes ({@code rtc ws -l}); null for rtc serve. */
    final WebSocketHandler handler;

    ServerState(ServeConfig config) {
        this(config, null);
    }

    /**
     * With --redis: connects (one line and exit 1 when it cannot) before anything is served, its connections
     * on {@code loops}, the server's.
     */
    ServerState(ServeConfig config, WebSocketHandler handler, dev.rtc.redis.Cluster.Options redis,
            io.netty.channel.EventLoopGroup loops) {
        this(config, handler);
        if (redis != null) {
            SharedSpace shared = new SharedSpace(hub, rooms, log, metrics, config.history());
            shared.connect(redis, loops);
            hub.shared = shared;
        }
    }

    ServerState(ServeConfig config, WebSocketHandler handler) {
        this.config = config;
        this.handler = handler;
        this.hub = new Hub(config.history(), config.coalesce(), config.limits().maxMemory(), config.limits().maxTopics(), metrics);
        this.log = new AccessLog(config.log());
        this.proxies = TrustedProxies.parse(config.trustProxy());
    }

    /**
     * Marks {@code ch} as a held connection that {@code drain} ends when the server shuts down. Call on
     * its loop. The idle timeout leaves the pipeline meanwhile: a held connection may rightly be silent,
     * and the timeout's bookkeeping on every write is a cost fan-out pays per subscriber and message. An
     * HTTP/2 stream has no idle timeout of its own: its connection has one while no stream is open.
     */
    void hold(Channel ch, Runnable drain) {
        if (ch.pipeline().get(ServeInitializer.IDLE) != null) ch.pipeline().remove(ServeInitializer.IDLE);
        ch.attr(DRAIN).set(drain);
        longLived.add(ch);
        ch.closeFuture().addListener(f -> longLived.remove(ch));
    }

    /** The connection goes back to request/response (a long poll answered): idle timeout again. */
    void release(Channel ch) {
        if (ch.isActive() && !(ch instanceof Http2StreamChannel) && ch.pipeline().get(ServeInitializer.IDLE) == null) {
            ch.pipeline().addAfter(ServeInitializer.TRAFFIC, ServeInitializer.IDLE, ServeInitializer.idleTimeout());
        }
        ch.attr(DRAIN).set(null);
        longLived.remove(ch);
    }
}
