package dev.rtc.redis;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.RtcException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link Cluster} on Redis through Lettuce. Keys per topic T: {@code rtc:{T}:m} (hash: {@code id}, the last
 * id; {@code epoch}, created with the counter) and {@code rtc:{T}:s} (a stream whose entry ids are
 * {@code ID-0}, trimmed to the history); {@code rtc:topics} (every topic name); per instance
 * {@code rtc:i:INSTANCE} (hash topic -> subscribers JSON, with an expiry) listed in {@code rtc:instances}
 * (sorted set scored by expiry). Messages go out on channel {@code rtc:m:T} as
 * {@code ID TS EPOCH\n} then the data; signalling frames on {@code rtc:r:ROOM} as {@code INSTANCE t\n} (text)
 * or {@code INSTANCE b\n} (binary) then the frame. A room's members: sorted set {@code rtc:{ROOM}:members}
 * of {@code INSTANCE:MEMBER} scored by when each expires (ms, Redis's clock).
 */
final class LettuceCluster implements Cluster {
    /** A command Redis does not answer within this long fails (a publish gets 503), never blocking a loop. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** INCR, XADD with the id, XTRIM (MAXLEN), PUBLISH: one atomic step, so pub/sub order is id order. */
    private static final String PUBLISH = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              epoch = ARGV[3]
              redis.call('HSET', KEYS[1], 'epoch', epoch)
            end
            local id = redis.call('HINCRBY', KEYS[1], 'id', 1)
            local t = redis.call('TIME')
            local ts = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], id .. '-0', 'd', ARGV[1], 't', ts)
            redis.call('SADD', 'rtc:topics', ARGV[5])
            redis.call('PUBLISH', ARGV[4], id .. ' ' .. string.format('%d', ts) .. ' ' .. epoch .. '\\n' .. ARGV[1])
            return {id, ts, epoch}
            """;

    /** The topic's epoch, last id, first retained id and entries after ARGV[1] ('' for the last one). */
    private static final String READ = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch') or ''
            local last = tonumber(redis.call('HGET', KEYS[1], 'id') or '0')
            local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            local firstId = 0
            if #first > 0 then firstId = tonumber(string.match(first[1][1], '^(%d+)')) end
            local entries
            if ARGV[1] == '' then
              entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            else
              entries = redis.call('XRANGE', KEYS[2], '(' .. ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])
            end
            return {epoch, last, firstId, entries}
            """;

    /** Every topic with its last id, retained count and the reports of the live instances. */
    private static final String TOPICS = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', 'rtc:instances', '-inf', now)
            local instances = redis.call('ZRANGE', 'rtc:instances', 0, -1)
            local names = redis.call('SMEMBERS', 'rtc:topics')
            local out = {}
            for _, t in ipairs(names) do
              local last = tonumber(redis.call('HGET', 'rtc:{' .. t .. '}:m', 'id') or '0')
              local retained = redis.call('XLEN', 'rtc:{' .. t .. '}:s')
              local subs = {}
              for _, i in ipairs(instances) do
                local s = redis.call('HGET', 'rtc:i:' .. i, t)
                if s then table.insert(subs, s) end
              end
              table.insert(out, {t, last, retained, subs})
            end
            return out
            """;

    /** Drops the room's expired members, then adds (or keeps) ARGV[1] until now + ARGV[2] s; the count. */
    private static final String ENTER = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if ARGV[1] ~= '' then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]) * 1000, ARGV[1])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 1000)
            end
            return redis.call('ZCARD', KEYS[1])
            """;

    /** Every client made: the first holds the subscription, then one per loop of serve's when sharing them (else one). */
    private final List<RedisClient> clients;
    /** The connection of a caller that is not on a loop with one of its own (timers, signalling, tests). */
    private final StatefulRedisConnection<byte[], byte[]> commands;
    /** Serve's loops and, at the same index, the connection living on each. */
    private final EventExecutor[] loops;
    private final StatefulRedisConnection<byte[], byte[]>[] onLoop;
    private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private final Listener listener;
    private final int history;
    private final String instance;
    private volatile boolean up = true;
    /** Set by {@link #close}: the disconnections that follow are this side's, not Redis going away. */
    private volatile boolean closing;

    private LettuceCluster(List<RedisClient> clients, EventExecutor[] loops,
            StatefulRedisConnection<byte[], byte[]>[] onLoop, StatefulRedisPubSubConnection<byte[], byte[]> pubsub,
            Listener listener, int history, String instance) {
        this.instance = instance;
        this.clients = clients;
        this.loops = loops;
        this.onLoop = onLoop;
        this.commands = onLoop[0];
        this.pubsub = pubsub;
        this.listener = listener;
        this.history = history;
    }

    /** Lettuce logs through java.util.logging; stderr carries rtc's own lines only (held, or they are collected). */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.lettuce");

    static Cluster connect(Options options, Listener listener, EventLoopGroup loops) {
        QUIET.setLevel(java.util.logging.Level.OFF);
        RedisURI uri;
        try {
            uri = RedisURI.create(options.url());
        } catch (RuntimeException e) {
            throw new RtcException("--redis " + options.url() + ": " + e.getMessage());
        }
        if (options.password() != null && !options.url().contains("@")) {
            uri.setAuthentication(options.password().toCharArray());
        }
        uri.setTimeout(CONNECT_TIMEOUT);
        ClientResources.Builder builder = ClientResources.builder().reconnectDelay(() -> new StandardBackoff());
        EventExecutor[] own;
        LoopPerClient assign = null;
        if (loops != null && sameTransport(loops)) {
            // Redis I/O on serve's own loops, one command connection on each: a publish or read made on a loop
            // is written, answered and completed there (no hop to another thread and back, which costs a turn
            // of a loop that is busy fanning out each way), and a message heard is fanned out without a hop.
            own = java.util.stream.StreamSupport.stream(loops.spliterator(), false).toArray(EventExecutor[]::new);
            assign = new LoopPerClient();
            builder.eventLoopGroupProvider(assign).eventExecutorGroup(loops);
        } else {
            own = new EventExecutor[] {null};
            builder.ioThreadPoolSize(2).computationThreadPoolSize(1);
        }
        ClientResources resources = builder.build();
        ClientOptions clientOptions = ClientOptions.builder()
                .sslOptions(sslOptions(options))
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
        String where = redacted(uri);
        String instance = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        List<RedisClient> clients = new ArrayList<>();
        try {
            @SuppressWarnings("unchecked")
            StatefulRedisConnection<byte[], byte[]>[] onLoop = new StatefulRedisConnection[own.length];
            for (int i = 0; i < own.length; i++) {
                RedisClient client = client(resources, uri, clientOptions, assign, own[i], instance + ":cmd:" + i);
                clients.add(client);
                onLoop[i] = client.connect(ByteArrayCodec.INSTANCE);
                if (i == 0) {
                    String pong = onLoop[0].sync().ping();
                    if (!"PONG".equals(pong)) throw new IllegalStateException("PING answered " + pong);
                }
            }
            RedisClient subscriber = client(resources, uri, clientOptions, assign, own[0], instance + ":sub");
            clients.add(0, subscriber);
            StatefulRedisPubSubConnection<byte[], byte[]> pubsub = subscriber.connectPubSub(ByteArrayCodec.INSTANCE);
            LettuceCluster c = new LettuceCluster(clients, assign == null ? new EventExecutor[0] : own, onLoop, pubsub,
                    listener, options.history(), instance);
            c.start();
            return c;
        } catch (RuntimeException e) {
            for (RedisClient client : clients) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new RtcException("cannot use Redis at " + where + ": " + reason(e));
        }
    }

    /**
     * A client whose connections live on {@code loop} (when {@code assign} hands out serve's loops), named
     * {@code rtc:NAME} so that CLIENT LIST tells which instance and which loop holds each connection.
     */
    private static RedisClient client(ClientResources resources, RedisURI uri, ClientOptions options, LoopPerClient assign,
            EventExecutor loop, String name) {
        // A client takes its loop from the provider at its first connection and keeps it for every reconnection.
        if (assign != null) assign.next = (EventLoop) loop;
        RedisClient client = RedisClient.create(resources, RedisURI.builder(uri).withClientName("rtc:" + name).build());
        client.setOptions(options);
        return client;
    }

    /** Whether Lettuce's choice of socket (epoll, kqueue or NIO, as on this machine) can live on {@code loops}. */
    private static boolean sameTransport(EventLoopGroup loops) {
        if (!(loops instanceof IoEventLoopGroup io)) return false;
        Class<? extends Channel> socket = Transports.socketChannelClass();
        if (socket == EpollSocketChannel.class) return io.isIoType(EpollIoHandler.class);
        if (socket == KQueueSocketChannel.class) return io.isIoType(KQueueIoHandler.class);
        if (socket == NioSocketChannel.class) return io.isIoType(NioIoHandler.class);
        return false;
    }

    /**
     * One of serve's loops per client, as Lettuce's group (a loop is a group of one): {@link #next} is handed
     * to the client that asks next, which asks once, at its first connection. Lent, never shut down by
     * Lettuce (serve does, after closing the cluster).
     */
    private static final class LoopPerClient implements EventLoopGroupProvider {
        volatile EventLoop next;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) next;
        }

        @Override
        public int threadPoolSize() {
            return 1;
        }

        @Override
        public Future<Boolean> release(EventExecutorGroup group, long quiet, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }

        @Override
        public Future<Boolean> shutdown(long quiet, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
    }

    /** rediss://: the certificates of --redis-cacert as the only trust, else the JDK's. */
    private static SslOptions sslOptions(Options options) {
        if (options.trust().isEmpty()) return SslOptions.create();
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : options.trust()) store.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return SslOptions.builder().jdkSslProvider().trustManager(trust).build();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new RtcException("--redis-cacert: cannot trust its certificates: " + e.getMessage());
        }
    }

    /** The URL without its password. */
    private static String redacted(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }

    /** The innermost message, on one line. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (m.startsWith("NOAUTH")) return "it requires a password (in the URL or RTC_REDIS_PASSWORD)";
        if (m.startsWith("WRONGPASS")) return "wrong password (" + m.split("\n")[0].trim() + ")";
        if (m.contains("Invalid first byte")) return "not a Redis server (it does not speak RESP)";
        if (m.contains("Connection refused")) return "connection refused";
        if (m.contains("unable to find valid certification path")) {
            return "its TLS certificate is not trusted (--redis-cacert FILE names the CA to trust)";
        }
        return m.split("\n")[0].trim();
    }

    private void start() {
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                received(channel, message);
            }

            @Override
            public void psubscribed(byte[] pattern, long count) {
                if (count == 2) listener.subscribed();
            }
        });
        clients.get(0).addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == pubsub && !up) {
                    up = true;
                    listener.connection(true, "redis reachable again at " + address);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == pubsub && up && !closing) {
                    up = false;
                    listener.connection(false, "redis unreachable: reconnecting (" + Backoff.HELP + ")");
                }
            }
        });
        pubsub.sync().psubscribe(bytes("rtc:m:*"), bytes("rtc:r:*"));
    }

    private void received(byte[] channel, byte[] message) {
        String ch = new String(channel, StandardCharsets.UTF_8);
        int nl = indexOf(message, (byte) '\n');
        if (nl < 0) return;
        byte[] data = java.util.Arrays.copyOfRange(message, nl + 1, message.length);
        String head = new String(message, 0, nl, StandardCharsets.UTF_8);
        if (ch.startsWith("rtc:m:")) {
            String[] f = head.split(" ");
            if (f.length != 3) return;
            listener.message(ch.substring(6), f[2], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), data));
        } else if (ch.startsWith("rtc:r:") && head.length() == instance.length() + 2 && !head.startsWith(instance)) {
            listener.roomFrame(ch.substring(6), head.endsWith(" t"), data);
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] keys(String topic) {
        return new byte[][] {bytes("rtc:{" + topic + "}:m"), bytes("rtc:{" + topic + "}:s")};
    }

    /** The commands of the connection on the caller's loop, else the first one's. */
    private RedisAsyncCommands<byte[], byte[]> async() {
        for (int i = 0; i < loops.length; i++) if (loops[i].inEventLoop()) return onLoop[i].async();
        return commands.async();
    }

    @Override
    public CompletableFuture<Stored> publish(String topic, byte[] data) {
        String epoch = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return async().<List<Object>>eval(bytes(PUBLISH), ScriptOutputType.MULTI, keys(topic),
                data, bytes(Integer.toString(history)), bytes(epoch), bytes("rtc:m:" + topic), bytes(topic))
                .toCompletableFuture()
                .thenApply(r -> new Stored((Long) r.get(0), (Long) r.get(1), text(r.get(2))));
    }

    @Override
    public CompletableFuture<Range> read(String topic, Long after, int limit) {
        return async().<List<Object>>eval(bytes(READ), ScriptOutputType.MULTI, keys(topic),
                bytes(after == null ? "" : Long.toString(after)), bytes(Integer.toString(Math.max(1, limit))))
                .toCompletableFuture()
                .thenApply(LettuceCluster::range);
    }

    @SuppressWarnings("unchecked")
    private static Range range(List<Object> r) {
        List<Entry> entries = new ArrayList<>();
        for (Object o : (List<Object>) r.get(3)) {
            List<Object> e = (List<Object>) o;
            String id = text(e.get(0));
            List<Object> fields = (List<Object>) e.get(1);
            byte[] data = new byte[0];
            long ts = 0;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String f = text(fields.get(i));
                if (f.equals("d")) data = (byte[]) fields.get(i + 1);
                if (f.equals("t")) ts = Long.parseLong(text(fields.get(i + 1)));
            }
            entries.add(new Entry(Long.parseLong(id.substring(0, id.indexOf('-'))), ts, data));
        }
        return new Range(text(r.get(0)), (Long) r.get(1), (Long) r.get(2), entries);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    @Override
    public CompletableFuture<Void> relay(String room, boolean text, byte[] frame) {
        byte[] head = bytes(instance + (text ? " t\n" : " b\n"));
        byte[] message = java.util.Arrays.copyOf(head, head.length + frame.length);
        System.arraycopy(frame, 0, message, head.length, frame.length);
        return async().publish(bytes("rtc:r:" + room), message).toCompletableFuture().thenApply(n -> null);
    }

    private static byte[] roomKey(String room) {
        return bytes("rtc:{" + room + "}:members");
    }

    @Override
    public CompletableFuture<Long> enter(String room, String member, int ttlSeconds) {
        return async().<Long>eval(bytes(ENTER), ScriptOutputType.INTEGER, new byte[][] {roomKey(room)},
                bytes(instance + ":" + member), bytes(Integer.toString(ttlSeconds))).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> leave(String room, String member) {
        return async().zrem(roomKey(room), bytes(instance + ":" + member)).toCompletableFuture().thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Long> roomMembers(String room) {
        return async().<Long>eval(bytes(ENTER), ScriptOutputType.INTEGER, new byte[][] {roomKey(room)},
                bytes(""), bytes("0")).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> report(Map<String, String> subscribers, int ttlSeconds) {
        var async = async();
        byte[] key = bytes("rtc:i:" + instance);
        long expires = System.currentTimeMillis() + ttlSeconds * 1000L;
        async.del(key);
        if (!subscribers.isEmpty()) {
            Map<byte[], byte[]> fields = new java.util.LinkedHashMap<>();
            subscribers.forEach((t, json) -> fields.put(bytes(t), bytes(json)));
            async.hset(key, fields);
            async.expire(key, ttlSeconds);
        }
        return async.zadd(bytes("rtc:instances"), (double) expires, bytes(instance)).toCompletableFuture().thenApply(n -> null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<TopicInfo>> topics() {
        return async().<List<Object>>eval(bytes(TOPICS), ScriptOutputType.MULTI, new byte[0][],
                bytes(Long.toString(System.currentTimeMillis())))
                .toCompletableFuture()
                .thenApply(rows -> {
                    List<TopicInfo> out = new ArrayList<>();
                    for (Object o : rows) {
                        List<Object> row = (List<Object>) o;
                        List<String> subs = new ArrayList<>();
                        for (Object s : (List<Object>) row.get(3)) subs.add(text(s));
                        out.add(new TopicInfo(text(row.get(0)), (Long) row.get(1), (Long) row.get(2), subs));
                    }
                    return out;
                });
    }

    @Override
    public boolean up() {
        if (!up) return false;
        // Every loop's connection: a publish taken on any loop must find its own connection back.
        for (StatefulRedisConnection<byte[], byte[]> c : onLoop) if (!c.isOpen()) return false;
        return true;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public void close() {
        closing = true;
        try {
            async().del(bytes("rtc:i:" + instance));
            async().zrem(bytes("rtc:instances"), bytes(instance)).get(1, TimeUnit.SECONDS);
        } catch (Exception gone) {
            // Redis away: the report expires by itself.
        }
        ClientResources resources = clients.get(0).getResources();
        for (RedisClient client : clients) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** rtc's one backoff ({@link Backoff#standard()}) as Lettuce's reconnection delay. */
    private static final class StandardBackoff extends Delay {
        private final Backoff backoff = Backoff.standard();

        @Override
        public Duration createDelay(long attempt) {
            if (attempt <= 1) backoff.reset();
            return Duration.ofMillis(backoff.nextDelayMs());
        }
    }
}
