package dev.rtc.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.interop.Proc;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without --redis, rtc serve loads no class of Lettuce (nor of Reactor, which Lettuce brings). */
class LettuceLoadedOnlyWithRedisTest {
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Proc serve(String... more) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(java(), "-Xlog:class+load=info",
                "-cp", System.getProperty("java.class.path"), "dev.rtc.Rtc", "serve", "--port", "0"));
        cmd.addAll(java.util.List.of(more));
        return Proc.start(cmd);
    }

    @Test
    void withoutRedisNoLettuceClassIsLoaded() {
        try (Proc p = serve()) {
            waitForListening(p);
            String loaded = p.stdout();
            assertTrue(loaded.contains("dev.rtc.serve.Hub"), "the log names loaded classes");
            assertFalse(loaded.contains("io.lettuce"), "a Lettuce class was loaded without --redis");
            assertFalse(loaded.contains("reactor.core"), "a Reactor class was loaded without --redis");
        }
    }

    @Test
    void withRedisItIs() {
        try (RedisServer redis = RedisServer.started(); Proc p = serve("--redis", redis.url())) {
            waitForListening(p);
            assertTrue(p.stdout().contains("io.lettuce.core.RedisClient"), "the check sees Lettuce when it is there");
        }
    }

    private static void waitForListening(Proc p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!p.stderr().contains("listening on")) {
            if (System.nanoTime() > deadline) throw new AssertionError("no 'listening on' within 20s: " + p.stderr());
            Thread.onSpinWait();
        }
    }
}
