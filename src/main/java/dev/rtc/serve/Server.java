package dev.rtc.serve;

import dev.rtc.cli.RtcException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@code rtc serve}: bound, serving, and able to drain. Also the embedded server of tests and compare. */
public final class Server implements AutoCloseable {
    /** How long a drain waits for clients to take their close frames before the loops stop. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private final ServerState state;
    private final EventLoopGroup group;
    private final Channel listener;

    /** How many event loops carry the connections (tests). */
    int loops() {
        int n = 0;
        for (io.netty.util.concurrent.EventExecutor ignored : group) n++;
        return n;
    }

    /** The open connections (tests look at one's pipeline). */
    java.util.Set<Channel> connections() {
        return state.open;
    }

    /**
     * How many sockets are in a signalling room now (tests wait on it rather than on time); with --redis,
     * over every live instance, as Redis counts them.
     */
    int roomMembers(String room) {
        SharedSpace shared = state.hub.shared;
        if (shared == null) return state.rooms.members(room);
        return (int) (long) shared.roomMembers(room).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    private Server(ServerState state, EventLoopGroup group, Channel listener) {
        this.state = state;
        this.group = group;
        this.listener = listener;
    }

    public static Server start(ServeConfig config) throws InterruptedException {
        return start(config, (WebSocketHandler) null);
    }

    /** A server whose every path is a WebSocket given to {@code handler} ({@code rtc ws -l}), or rtc serve's routes when null. */
    public static Server start(ServeConfig config, WebSocketHandler handler) throws InterruptedException {
        return start(config, handler, null);
    }

    /** With --redis ({@code redis} not null): one topic space shared with every instance on that Redis. */
    public static Server start(ServeConfig config, dev.rtc.redis.Cluster.Options redis) throws InterruptedException {
        return start(config, null, redis);
    }

    private static Server start(ServeConfig config, WebSocketHandler handler, dev.rtc.redis.Cluster.Options redis)
            throws InterruptedException {
        // The platform's own transport where its native library is in this build (epoll on Linux, kqueue on
        // macOS: each platform's archive holds its own), else the JDK's NIO.
        IoHandlerFactory io;
        Class<? extends ServerChannel> channel;
        if (Epoll.isAvailable()) {
            io = EpollIoHandler.newFactory();
            channel = EpollServerSocketChannel.class;
        } else if (KQueue.isAvailable()) {
            io = KQueueIoHandler.newFactory();
            channel = KQueueServerSocketChannel.class;
        } else {
            io = NioIoHandler.newFactory();
            channel = NioServerSocketChannel.class;
        }
        warmUp();
        // Before binding: a certificate the TLS stack refuses fails the start, not the first connection.
        ServerTls tls = ServerTls.of(config);
        EventLoopGroup group = config.threads() > 0 ? new MultiThreadIoEventLoopGroup(config.threads(), io)
                : new MultiThreadIoEventLoopGroup(io);
        ServerState state;
        try {
            state = new ServerState(config, handler, redis, group);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .handler(new AcceptGuard(state))
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ServeInitializer.waterMark(config.maxPending()))
                    .childHandler(new ServeInitializer(state, tls))
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
            return new Server(state, group, listener);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            // The epoll transport reports a failed bind as an IOException of its own, not a BindException.
            Throwable bind = e instanceof IOException ? e : e.getCause() instanceof IOException ? e.getCause() : null;
            if (bind != null) {
                throw new RtcException("cannot listen on " + config.host() + ":" + config.port() + ": " + bindReason(bind));
            }
            if (e instanceof InterruptedException ie) throw ie;
            throw new RtcException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
        }
    }

    /**
     * Loads, off the caller's thread, what a log line of the JDK's logging needs from files (its
     * configuration, the time-zone database): should a library log when every descriptor is taken, it must
     * not need to open one.
     */
    private static void warmUp() {
        Thread warm = new Thread(() -> {
            java.util.TimeZone.getDefault();
            java.util.logging.LogManager.getLogManager().getLogger("");
        }, "rtc-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    private static String bindReason(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) return "address already in use";
        if (m.contains("assign")) return "address not available on this machine";
        if (m.contains("permission") || m.contains("denied")) return "permission denied";
        return m;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** {@code http://HOST:PORT} ({@code https://} with TLS), with IPv6 hosts in brackets. */
    public String url() {
        String host = state.config.host();
        return (state.config.tls() == null ? "http://" : "https://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
    }

    /** With --redis, this instance's part of the shared topic space (for tests in this package); else null. */
    SharedSpace shared() {
        return state.hub.shared;
    }

    /**
     * Publishes as {@code POST /publish/{topic}} would; the new message's id, or -1 (with a log line) when the
     * topic cannot exist now ({@code --max-topics}).
     */
    public long publish(String topic, byte[] data) {
        if (!Hub.validName(topic)) throw new IllegalArgumentException("invalid topic " + topic);
        if (state.hub.shared != null) {
            // --redis: stored in order, retried while Redis is away (see SharedSpace#publishInOrder); id unknown yet.
            state.hub.shared.publishInOrder(topic, data);
            return 0;
        }
        try {
            return state.hub.publish(topic, data).message().id();
        } catch (Exchange.BadRequest refused) {
            state.log.note("cannot publish to " + topic + ": " + refused.getMessage());
            return -1;
        }
    }

    /** Runs {@code task} every {@code period} on one of the server's loops until it stops. */
    public void every(Duration period, Runnable task) {
        group.next().scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    void note(String text) {
        state.log.note(text);
    }

    /**
     * Stops accepting, sends HTTP/2 connections a GOAWAY, ends every held connection or HTTP/2 stream politely
     * (WebSockets with 1001, streams with their last chunk, long polls with 204), waits up to {@link #DRAIN_GRACE} for them to close, then stops.
     */
    public void drain() throws InterruptedException {
        if (state.draining) return;
        state.draining = true;
        listener.close().sync();
        // HTTP/2 connections first say that no new stream will be served (GOAWAY); their held streams end below.
        for (Channel ch : List.copyOf(state.open)) {
            Runnable goAway = ch.attr(ServerState.GO_AWAY).get();
            if (goAway != null) ch.eventLoop().execute(goAway);
        }
        List<Channel> held = List.copyOf(state.longLived);
        for (Channel ch : held) {
            Runnable drain = ch.attr(ServerState.DRAIN).get();
            if (drain != null) ch.eventLoop().execute(drain);
        }
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        for (Channel ch : held) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ch.closeFuture().await(left, TimeUnit.NANOSECONDS)) break;
        }
        // Whatever is still open (idle keep-alive connections, a held one past the grace) closes now.
        for (Channel ch : List.copyOf(state.open)) {
            ch.close().await(DRAIN_GRACE.toMillis());
        }
        // The Redis connections run on the loops: closed (this instance's report taken off Redis) before them.
        if (state.hub.shared != null) state.hub.shared.close();
        group.shutdownGracefully(0, DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS).await(DRAIN_GRACE.toMillis() * 2);
    }

    @Override
    public void close() {
        try {
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
