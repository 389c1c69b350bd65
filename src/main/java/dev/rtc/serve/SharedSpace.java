package dev.rtc.serve;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.Durations;
import dev.rtc.redis.Cluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * {@code --redis}: this instance's part of a topic space shared through Redis ({@link Cluster}). Redis
 * assigns ids and keeps the history; every instance hears every message and feeds it, with its id, into
 * its own {@link Topic}s, which are then a cache of Redis that fans out locally. A gap in what it heard (a
 * reconnection, or a publish answered before its broadcast arrived) is filled from Redis before anything
 * after it is delivered. A reader whose {@code since} the cache does not cover gets its backlog from Redis,
 * registered first, so that nothing published meanwhile is lost or sent twice (subscribers drop ids they sent).
 */
final class SharedSpace implements Cluster.Listener {
    /** How long a gap may wait for the broadcast that fills it before Redis is asked. */
    static final long GAP_GRACE_MS = 100;
    /** How often each instance reports its subscribers, and how long a report lives. */
    static final int REPORT_EVERY_S = 5;
    static final int REPORT_TTL_S = 15;
    /** --tick and --stdin publications retried while Redis is away: at most this many wait, this long. */
    static final int RETRY_QUEUE = 10_000;
    static final long RETRY_FOR_MS = 60_000;

    private Cluster cluster;
    private final Hub hub;
    private final AccessLog log;
    private final Metrics metrics;
    private final int history;
    private final Rooms rooms;
    private final Set<String> filling = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtc-redis-timer");
        t.setDaemon(true);
        return t;
    });

    SharedSpace(Hub hub, Rooms rooms, AccessLog log, Metrics metrics, int history) {
        this.hub = hub;
        this.rooms = rooms;
        this.log = log;
        this.metrics = metrics;
        this.history = history;
    }

    /**
     * Connects (one line and exit 1 when it cannot) and starts reporting this instance's subscribers. The
     * Redis connections run on {@code loops}, serve's own: nothing here may wait on a cluster future.
     */
    void connect(Cluster.Options options, io.netty.channel.EventLoopGroup loops) {
        cluster = Cluster.connect(options, this, loops);
        metrics.redisUp = cluster::up;
        timer.scheduleAtFixedRate(this::report, 0, REPORT_EVERY_S, TimeUnit.SECONDS);
    }

    boolean up() {
        return cluster.up();
    }

    void close() {
        timer.shutdownNow();
        cluster.close();
    }

    // ---- what Redis tells this instance

    @Override
    public void message(String topic, String epoch, Cluster.Entry e) {
        feed(topic, new Message(e.id(), e.data(), e.tsMillis(), epoch), false);
    }

    @Override
    public void subscribed() {
        // At start nothing is cached; after a reconnection every topic catches up on what it missed.
        for (Topic t : hub.all()) fill(t.name);
    }

    @Override
    public void connection(boolean up, String detail) {
        log.note(detail);
    }

    /** Stores {@code m} in this instance's topic, delivering it in order; a gap is filled from Redis. */
    private void feed(String name, Message m, boolean fromAnswer) {
        while (true) {
            Topic t;
            try {
                t = hub.obtainShared(name);
            } catch (Exchange.BadRequest tooMany) {
                return; // --max-topics: this instance caches fewer topics; readers go to Redis.
            }
            Topic.Accepted a = t.accept(m);
            switch (a) {
                case REMOVED -> { continue; }
                case GAP -> {
                    if (fromAnswer) {
                        timer.schedule(() -> fill(name), GAP_GRACE_MS, TimeUnit.MILLISECONDS);
                    } else {
                        fill(name);
                    }
                }
                case EPOCH_CHANGED -> restart(t);
                case STORED -> { }
            }
            return;
        }
    }

    /** Ids restarted in Redis: subscribers end politely and resume, with the gap shown, in the new epoch. */
    private void restart(Topic t) {
        log.note("topic " + t.name + ": a new epoch in Redis (it lost the topic's data): subscribers start over");
        for (Subscriber s : t.subscribers()) s.executor().execute(s::restart);
    }

    /** Reads what follows this instance's last id of {@code name} from Redis; one read per topic at a time. */
    private void fill(String name) {
        Topic t = hub.find(name);
        if (t == null) return;
        long after = t.knownLastId();
        if (after < 0 || !filling.add(name)) return;
        timed(metrics.redisRead, () -> cluster.read(name, after, history)).whenComplete((range, err) -> {
            filling.remove(name);
            if (err != null) return; // Redis away: the catch-up after the reconnection fills it.
            for (Cluster.Entry e : range.entries()) feed(name, new Message(e.id(), e.data(), e.tsMillis(), range.epoch()), false);
            if (range.firstId() > after + 1) t.skipTo(range.firstId());
            if (range.entries().isEmpty() && range.lastId() > after) t.skipTo(range.lastId() + 1);
        });
    }

    // ---- publishing

    /** Stores in Redis, then in this instance's topic (so a read here right after sees it). */
    CompletableFuture<Message> publish(String topic, byte[] data) {
        return timed(metrics.redisPublish, () -> cluster.publish(topic, data)).thenApply(stored -> {
            Message m = new Message(stored.id(), data, stored.tsMillis(), stored.epoch());
            metrics.published.increment();
            feed(topic, m, true);
            return m;
        });
    }

    private record Queued(String topic, byte[] data, long sinceMillis) {}

    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The one being tried (the queue's head) or null. */
    private Queued sending;
    private boolean dropping;
    private int retryQueue = RETRY_QUEUE;
    private long retryForMs = RETRY_FOR_MS;
    private final Backoff backoff = Backoff.standard();

    /** Tighter bounds than {@link #RETRY_QUEUE} and {@link #RETRY_FOR_MS}, for tests. */
    void retryBounds(int messages, long forMs) {
        synchronized (queue) {
            retryQueue = messages;
            retryForMs = forMs;
        }
    }

    /**
     * --tick and --stdin: published in order; while Redis is away they wait and are retried (with rtc's
     * backoff) up to {@link #RETRY_FOR_MS} and {@link #RETRY_QUEUE} messages, past which the oldest waiting
     * are dropped: each counted ({@code rtc_publish_dropped_total}), one log line when dropping starts.
     */
    void publishInOrder(String topic, byte[] data) {
        synchronized (queue) {
            if (queue.size() >= retryQueue) {
                // The head may be in flight (it may yet be stored): the oldest one not sent is dropped.
                Queued head = queue.poll();
                if (head == sending && !queue.isEmpty()) {
                    dropped(queue.poll(), "more than " + retryQueue + " waiting");
                    queue.addFirst(head);
                } else {
                    if (head == sending) sending = null;
                    dropped(head, "more than " + retryQueue + " waiting");
                }
            }
            queue.add(new Queued(topic, data, System.currentTimeMillis()));
            if (sending != null) return;
            sending = queue.peek();
        }
        send(sending);
    }

    private void send(Queued q) {
        publish(q.topic(), q.data()).whenComplete((m, err) -> {
            Queued next;
            synchronized (queue) {
                if (sending != q) return; // dropped while in flight (and counted), its successor already sent
                if (err == null) {
                    queue.poll();
                    backoff.reset();
                    dropping = false;
                } else {
                    long now = System.currentTimeMillis();
                    while (!queue.isEmpty() && now - queue.peek().sinceMillis() > retryForMs) {
                        dropped(queue.poll(), "not stored within " + Durations.format(java.time.Duration.ofMillis(retryForMs)));
                    }
                }
                sending = next = queue.peek();
            }
            if (next == null) return;
            if (err == null) {
                send(next);
            } else {
                timer.schedule(() -> send(next), backoff.nextDelayMs(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Counted each; logged once per outage (the counter says how many), never silently. */
    private void dropped(Queued q, String why) {
        metrics.publishDropped.increment();
        if (dropping) return;
        dropping = true;
        log.note("redis unreachable: dropping --tick/--stdin messages (" + why + "; the first for topic " + q.topic()
                + "); each is counted in rtc_publish_dropped_total");
    }

    // ---- reading

    /**
     * Registers {@code s} on {@code name} and passes its backlog to {@code ready} on its loop: at once when
     * this instance's cache covers {@code since}, else once Redis answered. On failure {@code s} is taken
     * off again and {@code ready} gets the error. {@code registered} gets the topic first, at once.
     */
    void join(String name, Subscriber s, Long since, String epoch, java.util.function.Consumer<Topic> registered,
            BiConsumer<Topic.Backlog, Throwable> ready) {
        Topic t;
        Topic.Backlog b;
        while (true) {
            t = hub.obtainShared(name);
            b = t.subscribeShared(s, since, epoch);
            if (b != null || t.registered(s)) break;
        }
        registered.accept(t);
        if (b != null) {
            ready.accept(b, null);
            return;
        }
        Topic topic = t;
        read(name, since, epoch, Integer.MAX_VALUE).whenComplete((backlog, err) -> s.executor().execute(() -> {
            if (err != null) hub.unsubscribe(topic, s);
            ready.accept(backlog, err);
        }));
    }

    /** A poll: from the cache when it covers {@code since}, else from Redis; {@code ready} runs on {@code loop}. */
    void peek(String name, Long since, String epoch, int limit, io.netty.util.concurrent.EventExecutor loop,
            BiConsumer<Topic.Backlog, Throwable> ready) {
        Topic t = hub.find(name);
        Topic.Backlog b = t == null ? null : t.afterIfCovered(since, limit, epoch);
        if (b != null) {
            ready.accept(b, null);
            return;
        }
        read(name, since, epoch, limit).whenComplete((backlog, err) -> loop.execute(() -> ready.accept(backlog, err)));
    }

    /**
     * The backlog after {@code since} as Redis has it, the gap counted as a local topic counts it. A since of
     * another epoch, or beyond the topic's last id (ids restarted), starts over: the whole retained history,
     * with at least one message reported missed.
     */
    private CompletableFuture<Topic.Backlog> read(String name, Long since, String epoch, int limit) {
        int n = Math.min(limit, history);
        return timed(metrics.redisRead, () -> cluster.read(name, since, n)).thenCompose(r -> {
            boolean reset = since != null && ((epoch != null && !r.epoch().isEmpty() && !epoch.equals(r.epoch())) || since > r.lastId());
            if (!reset) return CompletableFuture.completedFuture(backlog(r, since, false));
            return timed(metrics.redisRead, () -> cluster.read(name, 0L, n)).thenApply(r0 -> backlog(r0, 0L, true));
        });
    }

    /**
     * Makes {@code call}, its round trip recorded when it answers (rtc_redis_command_seconds): from before it is
     * sent to where the answer arrives, on the loop that sent it.
     */
    private static <T> CompletableFuture<T> timed(Metrics.Histogram h, java.util.function.Supplier<CompletableFuture<T>> call) {
        long start = System.nanoTime();
        return call.get().whenComplete((r, err) -> {
            if (err == null) h.record(System.nanoTime() - start);
        });
    }

    private static Topic.Backlog backlog(Cluster.Range r, Long since, boolean reset) {
        List<Message> messages = new ArrayList<>(r.entries().size());
        for (Cluster.Entry e : r.entries()) messages.add(new Message(e.id(), e.data(), e.tsMillis(), r.epoch()));
        long missed = 0;
        if (since != null) {
            if (r.firstId() > 0 && since < r.firstId() - 1) {
                missed = r.firstId() - 1 - since;
            } else if (r.firstId() == 0 && since < r.lastId()) {
                missed = r.lastId() - since;
            }
        }
        if (reset) missed = Math.max(1, missed);
        return new Topic.Backlog(messages, missed, r.lastId(), r.epoch().isEmpty() ? null : r.epoch(), reset);
    }

    /** The error a reader or publisher gets while Redis is away. */
    static Exchange.BadRequest unavailable(Throwable err) {
        return new Exchange.BadRequest(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "redis unreachable (" + rootMessage(err) + ")");
    }

    /** 503 with the JSON error, when nothing was written yet. */
    static void respondUnavailable(Exchange ex, Throwable err) {
        if (!ex.ctx.channel().isActive()) return;
        ex.error(HttpResponseStatus.SERVICE_UNAVAILABLE, unavailable(err).getMessage());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().split("\n")[0];
    }

    // ---- signalling rooms

    /**
     * {@code ch} joined {@code room} here: a member in Redis until it leaves, kept by each report, so that a
     * dead instance's members drop out after {@link #REPORT_TTL_S}. The relay itself does not wait on it:
     * every instance hears every room's frames.
     */
    void enterRoom(String room, Channel ch) {
        String member = ch.id().asLongText();
        cluster.enter(room, member, REPORT_TTL_S);
        ch.closeFuture().addListener(f -> cluster.leave(room, member));
    }

    /** A frame from a member here, to the room's members on the other instances. */
    CompletableFuture<Void> relay(String room, boolean text, byte[] frame) {
        return cluster.relay(room, text, frame);
    }

    @Override
    public void roomFrame(String room, boolean text, byte[] frame) {
        for (Channel ch : rooms.in(room)) {
            ByteBuf data = Unpooled.wrappedBuffer(frame);
            ch.writeAndFlush(text ? new TextWebSocketFrame(data)
                    : new BinaryWebSocketFrame(data), ch.voidPromise());
        }
    }

    /** {@code room}'s members over every live instance. */
    CompletableFuture<Long> roomMembers(String room) {
        return cluster.roomMembers(room);
    }

    // ---- /topics

    /** Reports this instance's live subscribers per topic (technique counts, comma-separated). */
    private void report() {
        Map<String, String> counts = new LinkedHashMap<>();
        for (Topic t : hub.all()) {
            EnumMap<Technique, Integer> c = t.subscriberCounts();
            c.put(Technique.POLL, t.recentPollers(System.currentTimeMillis()));
            if (c.values().stream().allMatch(v -> v == 0)) continue;
            StringBuilder sb = new StringBuilder();
            for (Technique tech : Technique.values()) {
                if (sb.length() > 0) sb.append(',');
                sb.append(c.getOrDefault(tech, 0));
            }
            counts.put(t.name, sb.toString());
        }
        try {
            cluster.report(counts, REPORT_TTL_S);
            rooms.forEach((room, members) -> {
                for (Channel ch : members) cluster.enter(room, ch.id().asLongText(), REPORT_TTL_S);
            });
        } catch (RuntimeException away) {
            // reported again next time
        }
    }

    /** {@code GET /topics} from Redis: last id and retained count, subscribers summed over the live instances. */
    CompletableFuture<String> topicsJson() {
        return cluster.topics().thenApply(list -> {
            StringBuilder sb = new StringBuilder("{\"topics\":[");
            List<Cluster.TopicInfo> sorted = new ArrayList<>(list);
            sorted.sort(java.util.Comparator.comparing(Cluster.TopicInfo::topic));
            boolean first = true;
            for (Cluster.TopicInfo i : sorted) {
                long[] sum = new long[Technique.values().length];
                for (String s : i.subscribers()) {
                    String[] f = s.split(",");
                    for (int k = 0; k < Math.min(f.length, sum.length); k++) sum[k] += Long.parseLong(f[k]);
                }
                dev.rtc.json.Json subs = dev.rtc.json.Json.object();
                for (Technique tech : Technique.values()) subs.put(tech.label(), sum[tech.ordinal()]);
                if (!first) sb.append(',');
                first = false;
                sb.append(dev.rtc.json.Json.object().put("topic", i.topic()).put("last_id", i.lastId())
                        .put("retained", i.retained()).putRaw("subscribers", subs.toString()));
            }
            return sb.append("]}").toString();
        });
    }
}
