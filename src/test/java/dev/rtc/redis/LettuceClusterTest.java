package dev.rtc.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On serve's loops, each loop has a command connection of its own: a publish made on a loop is written,
 * answered and completed on that loop, before and after Redis restarts (a reconnection stays on its loop);
 * it is up only while every loop's connection is, and then a publish on any loop goes through.
 */
@Timeout(90)
class LettuceClusterTest {
    private static final Cluster.Listener QUIET = new Cluster.Listener() {
        @Override
        public void message(String topic, String epoch, Cluster.Entry entry) {}

        @Override
        public void subscribed() {}

        @Override
        public void connection(boolean up, String detail) {}
    };

    @Test
    void aPublishMadeOnALoopIsAnsweredOnThatLoopEvenAfterARestart() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(3,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try (RedisServer redis = RedisServer.started()) {
            Cluster cluster = Cluster.connect(new Cluster.Options(redis.url(), null, 10), QUIET, loops);
            try {
                assertEquals(3, publishFromEachLoop(cluster, loops, 0), "ids 1, 2, 3");
                // One command connection per loop, and the subscription.
                assertEquals(3 + 1, clients(redis) - 1, redis.cli("CLIENT", "LIST"));

                redis.stop();
                redis.start();
                // Up (what /healthz says) means every loop's publish goes through: none is refused.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!cluster.up() && System.nanoTime() < deadline) Thread.onSpinWait();
                assertEquals(3, publishFromEachLoop(cluster, loops, 0), "ids 1, 2, 3 again (no persistence)");
                assertEquals(3 + 1, clients(redis) - 1, "every connection came back: " + redis.cli("CLIENT", "LIST"));

                // One loop's connection cut: not up until it is back, then every loop's publish goes through.
                String name = "rtc:" + cluster.instance() + ":cmd:1";
                String line = redis.cli("CLIENT", "LIST").lines().filter(l -> l.contains(" name=" + name + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError("no connection named " + name + ": " + redis.cli("CLIENT", "LIST")));
                redis.cli("CLIENT", "KILL", "ID", line.replaceAll("^id=(\\d+) .*", "$1"));
                long cut = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (cluster.up() && System.nanoTime() < cut) Thread.onSpinWait();
                assertFalse(cluster.up(), "up while loop 1's connection was cut");
                long back = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!cluster.up() && System.nanoTime() < back) Thread.onSpinWait();
                assertEquals(6, publishFromEachLoop(cluster, loops, 0), "ids 4, 5, 6");
            } finally {
                cluster.close();
                loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    /**
     * Publishes once from each loop; each answer must come on the loop that asked. A publish refused while
     * its connection is still coming back is tried again until {@code retryUntil} (nanoTime; 0: never). The last id.
     */
    private static long publishFromEachLoop(Cluster cluster, EventLoopGroup loops, long retryUntil) throws Exception {
        long last = 0;
        for (EventExecutor loop : loops) {
            while (true) {
                CompletableFuture<Thread> asked = new CompletableFuture<>();
                CompletableFuture<Thread> answered = new CompletableFuture<>();
                CompletableFuture<Long> id = new CompletableFuture<>();
                loop.execute(() -> {
                    asked.complete(Thread.currentThread());
                    cluster.publish("t", "x".getBytes(StandardCharsets.UTF_8)).whenComplete((stored, err) -> {
                        answered.complete(Thread.currentThread());
                        if (err != null) id.completeExceptionally(err);
                        else id.complete(stored.id());
                    });
                });
                try {
                    last = id.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Refused while its connection is coming back (Lettuce's own answer): asked again.
                    if (retryUntil == 0 || System.nanoTime() - retryUntil >= 0) {
                        throw new AssertionError("publish failed: " + e.getCause(), e.getCause());
                    }
                    continue;
                }
                assertSame(asked.get(), answered.get(), "the answer came on another thread");
                break;
            }
        }
        return last;
    }

    private static int clients(RedisServer redis) {
        return (int) redis.cli("CLIENT", "LIST").lines().filter(l -> l.startsWith("id=")).count();
    }
}
