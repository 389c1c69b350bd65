package dev.rtc.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shared topic space as a serve instance sees it: Redis assigns each topic's ids, keeps its history
 * (trimmed to {@code --history}) and its epoch, and tells every instance about every message in id order.
 * Every method returns at once; futures complete on the thread of the connection that answered: with
 * serve's loops, a call made on one of them is answered on that same loop (each has a connection of its own).
 */
public interface Cluster extends AutoCloseable {
    /** One stored message. */
    record Entry(long id, long tsMillis, byte[] data) {}

    /** What a publish stored: its id, Redis's time and the topic's epoch. */
    record Stored(long id, long tsMillis, String epoch) {}

    /**
     * A topic as Redis holds it: its epoch ("" when it never had a message), its last id, the first id it
     * still retains (0 when none) and the entries asked for, oldest first.
     */
    record Range(String epoch, long lastId, long firstId, List<Entry> entries) {}

    /** One topic's state for {@code /topics}: subscribers summed over the live instances, as JSON objects. */
    record TopicInfo(String topic, long lastId, long retained, List<String> subscribers) {}

    /** What the instance hears. Called on the subscribing connection's thread, in order. */
    interface Listener {
        /** A message of {@code topic}, in id order per topic (a gap is possible after a reconnection). */
        void message(String topic, String epoch, Entry entry);

        /** Subscribed to every topic's messages: at start and after every reconnection. Catch up now. */
        void subscribed();

        /** Redis went away ({@code up} false) or came back. */
        void connection(boolean up, String detail);

        /** A signalling frame another instance relayed for {@code room}: text (UTF-8) or binary. */
        default void roomFrame(String room, boolean text, byte[] frame) {}
    }

    /** Stores {@code data} as the topic's next message and tells every instance; fails when Redis is away. */
    CompletableFuture<Stored> publish(String topic, byte[] data);

    /** The entries after {@code after} (null: the last one only), at most {@code limit}. */
    CompletableFuture<Range> read(String topic, Long after, int limit);

    /** Sends {@code frame} to the other instances, for their members of {@code room} (not back to this one). */
    CompletableFuture<Void> relay(String room, boolean text, byte[] frame);

    /**
     * {@code member} (unique on this instance) is in {@code room} for {@code ttlSeconds} by Redis's clock,
     * unless entered again (kept) before then: a dead instance's members drop out. The room's member count
     * over every instance afterwards.
     */
    CompletableFuture<Long> enter(String room, String member, int ttlSeconds);

    /** {@code member} left {@code room}. */
    CompletableFuture<Void> leave(String room, String member);

    /** How many members {@code room} has over every live instance. */
    CompletableFuture<Long> roomMembers(String room);

    /**
     * Reports this instance's subscribers ({@code topic -> JSON object}), kept while reported again within
     * {@code ttlSeconds}.
     */
    CompletableFuture<Void> report(java.util.Map<String, String> subscribers, int ttlSeconds);

    /** Every topic Redis knows, with what the live instances reported. */
    CompletableFuture<List<TopicInfo>> topics();

    /** Whether the instance is connected to Redis now. */
    boolean up();

    /** This instance's id in Redis (random, per start). */
    String instance();

    @Override
    void close();

    /**
     * How to reach Redis: the URL of {@code --redis}, a password (or null), the history to keep per topic, and
     * for {@code rediss://} the certificates to trust ({@code --redis-cacert}; empty: the JDK's CAs).
     */
    record Options(String url, String password, int history, List<java.security.cert.X509Certificate> trust) {
        public Options(String url, String password, int history) {
            this(url, password, history, List.of());
        }
    }

    /**
     * Connects (blocking, at start only) and subscribes; a wrong address, a wrong password or a server that
     * is not Redis fails here with one line. The only place that names the Lettuce implementation.
     * {@code loops}: the server's event loops, which then carry the Redis connections too (null: threads
     * of the client's own); the listener is called and futures complete on them, so a caller must never
     * wait on a future from one of them. They outlive this cluster: {@link #close} leaves them running.
     */
    static Cluster connect(Options options, Listener listener, io.netty.channel.EventLoopGroup loops) {
        return LettuceCluster.connect(options, listener, loops);
    }
}
