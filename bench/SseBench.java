// SSE load generator for bench/run (single-file program, JDK 25 launcher):
//
//   java -cp target/rtc.jar bench/SseBench.java fanout --url http://127.0.0.1:PORT[,URL...] [--topic T] [--subs 1000]
//        [--rate 100] [--seconds 10] [--warmup 2] [--grace 5] [--threads 2] [--pids PID,...] [--label NAME]
//        [--h2 STREAMS] [--bench NAME] [--publish-url URL[,URL...]] [--redis-pids PID,...] [--publish-each]
//   java -cp target/rtc.jar bench/SseBench.java idle --url http://127.0.0.1:PORT [--topic T] [--conns 10000]
//        [--settle 3] [--pids PID,...] [--jcmd PATH] [--label NAME]
//
// Subscribers are GET {url}/sse/{topic} with Accept: text/event-stream; messages are published with
// POST {url}/publish/{topic}. The same routes work for rtc serve, bench/node/sse-server.js and the Nchan
// config in bench/nginx. Loopback only; every loop is bounded in count and time.
//
// fanout: N subscribers connect (all 200 heads received before anything is published); then a publisher on
// its own event loop posts `rate` messages per second, first `warmup` seconds of warm-up messages (not
// counted), then `seconds` seconds of measured ones. Each body is "m <seq> <System.nanoTime()>" padded to
// 32 bytes; each subscriber takes System.nanoTime() when it parses the data line, in the same process, so
// latency = publish (just before the request is written) -> event parsed by the subscriber.
// Reports delivered/expected (expected = subscribers x publishes answered 2xx), p50/p90/p99/p99.9/max, and
// the CPU of the server processes and of this generator.
// --h2 STREAMS: the subscribers speak HTTP/2 with prior knowledge (cleartext), STREAMS of them as streams of
// one connection (as a browser's EventSources share one), so 1,000 subscribers at 100 per connection are 10
// connections; the publisher stays on HTTP/1.1 (--publish-url when that is another listener). --bench names
// the result row (default sse-fanout).
// Several servers sharing one topic space (bench/run cluster): --url and --publish-url take comma-separated
// lists; the subscribers are split evenly over the --url servers (in order, the first ones taking the
// remainder) and publishes go round robin over the --publish-url servers (one keep-alive connection each; a
// URL named twice gets two),
// so every subscriber expects every publish whichever server took it. --pids sums the CPU of all of them;
// --redis-pids (the Redis they share) is reported apart as redis_cpu_pct, with events per CPU-second of
// servers and Redis together. With one URL (the default) nothing of this changes the run or the row.
// With several, each delivery is also timed by where its event was published: p50/p99_same_ms (on the
// subscriber's own server) and p50/p99_other_ms (on another: the hop between servers), in the same run.
// --publish-each: servers that do NOT share a topic space (the same instances without Redis, as a baseline of
// their own): each publish goes to every distinct --publish-url server (a copy each, on that server's
// connections in turn, each copy timed just before its own write), so every subscriber still expects every
// publish; a publish counts as answered when every copy was.
// --metrics URL[,URL...]: rtc serve --redis instances' /metrics, read at the first measured publish and after
// the run: their publishes' Redis round trips in the measured window (rtc_redis_command_seconds), summed over
// them: redis_publish_mean_ms exactly, p50 and p99 as the upper bound of the histogram bucket they fall in.
//
// idle: N subscribers connect and stay idle; reports the server's RSS before and after, per connection,
// checks that one published message still reaches every one of them, and with --jcmd (a JVM server)
// also the live heap after a full GC before and after.

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SseBench extends BenchSupport {
    static final int BODY = 32;

    public static void main(String[] argv) throws Exception {
        program = "SseBench";
        if (argv.length == 0) {
            System.err.println("usage: SseBench fanout|idle [options] (see the top of SseBench.java)");
            System.exit(2);
        }
        Map<String, String> a = options(argv);
        switch (argv[0]) {
            case "fanout" -> fanout(a);
            case "idle" -> idle(a);
            default -> fail("unknown mode " + argv[0]);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Latencies (ns) recorded on one event loop; merged after the loops have stopped. */
    static final class Recorder {
        final Samples all = new Samples(1 << 16);
        /** Instances sharing a topic space: the same latencies split by where the event was published. */
        final Samples same = new Samples(1 << 12), across = new Samples(1 << 12);
        long warm, other;
    }

    /** Latencies (ns) in arrival order, growing as needed. */
    static final class Samples {
        long[] v;
        int n;

        Samples(int capacity) {
            v = new long[capacity];
        }

        void add(long x) {
            if (n == v.length) v = Arrays.copyOf(v, n * 2);
            v[n++] = x;
        }
    }

    /** Every recorder's {@code which} samples together, sorted (call once the loops have stopped). */
    static long[] merged(java.util.function.Function<Recorder, Samples> which) {
        int n = 0;
        for (Recorder r : RECORDERS) n += which.apply(r).n;
        long[] out = new long[n];
        int k = 0;
        for (Recorder r : RECORDERS) {
            Samples x = which.apply(r);
            System.arraycopy(x.v, 0, out, k, x.n);
            k += x.n;
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Several servers sharing one topic space: per publishing connection, the index of its server among the
     * --url servers (-1 when it is none of them); null when there is nothing to split.
     */
    static volatile int[] publishedOn;

    static final ConcurrentLinkedQueue<Recorder> RECORDERS = new ConcurrentLinkedQueue<>();
    static final ThreadLocal<Recorder> RECORDER = ThreadLocal.withInitial(() -> {
        Recorder r = new Recorder();
        RECORDERS.add(r);
        return r;
    });

    /**
     * One SSE subscriber on a raw connection: it writes the GET, parses the response head, then undoes
     * chunked framing (or reads to close) and splits lines itself, without per-chunk objects, so that
     * 500,000 events a second cost the generator little. Each {@code data:} line is timed on receipt.
     */
    static final class Subscriber extends ChannelInboundHandlerAdapter {
        final String path, host;
        final CountDownLatch ready;
        final AtomicInteger failed;
        final byte[] line = new byte[4096];
        int len;
        final StringBuilder head = new StringBuilder();
        boolean inBody, chunked;
        /** Chunked body: -1 while reading a size line, else the bytes left in this chunk (then its CRLF). */
        long chunkLeft = -1;
        long size;
        boolean sizeDone;
        volatile boolean ok;
        volatile boolean done;
        volatile long received;
        volatile String error;
        /** The index of this subscriber's server among the --url servers. */
        volatile int instance;

        Subscriber(String host, String path, CountDownLatch ready, AtomicInteger failed) {
            this.host = host;
            this.path = path;
            this.ready = ready;
            this.failed = failed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(req.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                int i = b.readerIndex(), end = b.writerIndex();
                if (!inBody) {
                    while (i < end && !inBody) {
                        head.append((char) (b.getByte(i++) & 0xff));
                        int n = head.length();
                        if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r'
                                && head.charAt(n - 3) == '\n' && head.charAt(n - 4) == '\r') {
                            inBody = true;
                            onHead(ctx);
                        } else if (n > 16384) {
                            error = "response head too long";
                            failed.incrementAndGet();
                            ready.countDown();
                            ctx.close();
                            return;
                        }
                    }
                    if (!ok) return;
                }
                body(b, i, end);
            } finally {
                b.release();
            }
        }

        private void onHead(ChannelHandlerContext ctx) {
            String h = head.toString();
            String lower = h.toLowerCase(Locale.ROOT);
            chunked = lower.contains("\r\ntransfer-encoding: chunked");
            if (h.startsWith("HTTP/1.1 200") && lower.contains("\r\ncontent-type: text/event-stream")) {
                ok = true;
            } else {
                error = h.lines().findFirst().orElse("?");
                failed.incrementAndGet();
                ctx.close();
            }
            ready.countDown();
        }

        private void body(ByteBuf b, int i, int end) {
            long now = 0;
            while (i < end) {
                if (chunked && chunkLeft < 0) {
                    // A chunk-size line: "SIZE[;ext]\r\n".
                    byte c = b.getByte(i++);
                    if (c == '\n') {
                        if (size == 0) {
                            error = "stream ended by the server";
                            return;
                        }
                        chunkLeft = size;
                        size = 0;
                        sizeDone = false;
                    } else if (!sizeDone) {
                        int d = Character.digit(c, 16);
                        if (d >= 0) size = size * 16 + d;
                        else sizeDone = true;
                    }
                    continue;
                }
                if (chunked && chunkLeft == 0) {
                    // The CRLF that ends a chunk's data.
                    if (b.getByte(i++) == '\n') chunkLeft = -1;
                    continue;
                }
                int stop = chunked ? (int) Math.min(end, i + chunkLeft) : end;
                int from = i;
                for (; i < stop; i++) {
                    byte c = b.getByte(i);
                    if (c == '\n') {
                        if (now == 0) now = System.nanoTime();
                        onLine(now);
                        len = 0;
                    } else if (len < line.length) {
                        line[len++] = c;
                    }
                }
                if (chunked) chunkLeft -= i - from;
            }
        }

        /** {@code data: m <seq> <nanos>...}: count it and record its latency. */
        private void onLine(long now) {
            int n = len;
            if (n > 0 && line[n - 1] == '\r') n--;
            if (n < 5 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a' || line[4] != ':') return;
            int i = 5;
            if (i < n && line[i] == ' ') i++;
            Recorder rec = RECORDER.get();
            if (i + 2 >= n || line[i + 1] != ' ') {
                rec.other++;
                return;
            }
            byte phase = line[i];
            i += 2;
            long seq = 0;
            for (; i < n && line[i] >= '0' && line[i] <= '9'; i++) seq = seq * 10 + (line[i] - '0');
            while (i < n && line[i] != ' ') i++;
            i++;
            long sent = 0;
            for (; i < n && line[i] >= '0' && line[i] <= '9'; i++) sent = sent * 10 + (line[i] - '0');
            received++;
            int[] on = publishedOn;
            if (phase != 'm') {
                rec.warm++;
            } else {
                rec.all.add(now - sent);
                if (on != null) (on[(int) (seq % on.length)] != instance ? rec.across : rec.same).add(now - sent);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done && error == null) error = "connection closed by the server";
            if (!ok && !inBody) ready.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (error == null) error = String.valueOf(cause);
            ctx.close();
        }
    }

    /** Opens {@code n} subscribers, at most {@code parallel} connects in flight; waits for every 200 head. */
    static List<Subscriber> subscribe(EventLoopGroup group, URI url, String topic, int n, int parallel, double timeoutS)
            throws Exception {
        String host = url.getHost() + ":" + port(url);
        String path = url.getRawPath().replaceAll("/$", "") + "/sse/" + topic;
        CountDownLatch ready = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        List<Subscriber> subs = new ArrayList<>(n);
        Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        List<ChannelFuture> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Subscriber s = new Subscriber(host, path, ready, failed);
            subs.add(s);
            batch.add(b.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(s);
                }
            }).connect(url.getHost(), port(url)));
            if (batch.size() == parallel || i == n - 1) {
                for (ChannelFuture f : batch) {
                    f.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (!f.isSuccess()) {
                        fail("subscriber " + (i + 1) + " of " + n + " could not connect: " + f.cause());
                    }
                }
                batch.clear();
            }
        }
        return awaitHeads(subs, ready, failed, deadline);
    }

    /** Waits for every subscriber's response head; fails naming how many came and the first refusal. */
    static List<Subscriber> awaitHeads(List<Subscriber> subs, CountDownLatch ready, AtomicInteger failed, long deadline)
            throws InterruptedException {
        int n = subs.size();
        if (!ready.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            fail("only " + (n - ready.getCount()) + " of " + n + " subscribers got their response head in time");
        }
        if (failed.get() > 0) {
            String why = subs.stream().map(s -> s.error).filter(e -> e != null).findFirst().orElse("?");
            fail(failed.get() + " of " + n + " subscribers refused: " + why);
        }
        return subs;
    }

    /**
     * One subscriber as a stream of an HTTP/2 connection: the response's HEADERS frame is its head, each
     * DATA frame goes through the same line parser as an HTTP/1.1 body (no chunked framing).
     */
    static final class H2Stream extends ChannelInboundHandlerAdapter {
        final Subscriber s;

        H2Stream(Subscriber s) {
            this.s = s;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h && !s.inBody) {
                    CharSequence type = h.headers().get("content-type");
                    if ("200".contentEquals(h.headers().status()) && type != null && type.toString().startsWith("text/event-stream")) {
                        s.ok = true;
                        s.inBody = true;
                    } else {
                        s.error = "HTTP/2 " + h.headers().status();
                        s.failed.incrementAndGet();
                        ctx.close();
                    }
                    s.ready.countDown();
                } else if (msg instanceof Http2DataFrame d) {
                    ByteBuf b = d.content();
                    s.body(b, b.readerIndex(), b.writerIndex());
                    if (d.isEndStream() && s.error == null) s.error = "stream ended by the server";
                } else if (msg instanceof Http2ResetFrame r && s.error == null) {
                    s.error = "stream reset by the server: " + r.errorCode();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!s.done && s.error == null) s.error = "stream closed";
            if (!s.ok && !s.inBody) s.ready.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (s.error == null) s.error = String.valueOf(cause);
            ctx.close();
        }
    }

    /** Opens {@code n} subscribers as HTTP/2 streams, {@code perConnection} to a connection; waits for every 200. */
    static List<Subscriber> subscribeH2(EventLoopGroup group, URI url, String topic, int n, int perConnection, double timeoutS)
            throws Exception {
        String authority = url.getHost() + ":" + port(url);
        String path = url.getRawPath().replaceAll("/$", "") + "/sse/" + topic;
        CountDownLatch ready = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        List<Subscriber> subs = new ArrayList<>(n);
        Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                Http2FrameCodecBuilder.forClient()
                                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(1 << 20))
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                });
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        for (int first = 0; first < n; first += perConnection) {
            ChannelFuture f = b.connect(url.getHost(), port(url));
            if (!f.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) || !f.isSuccess()) {
                fail("HTTP/2 connection " + (first / perConnection + 1) + " could not connect: " + f.cause());
            }
            Channel parent = f.channel();
            // As browsers do (Chromium opens its connection window to 15 MiB), so that the shared connection
            // window, not the server, never paces the streams.
            parent.writeAndFlush(new DefaultHttp2WindowUpdateFrame((16 << 20) - 65_535));
            for (int i = first; i < Math.min(n, first + perConnection); i++) {
                Subscriber s = new Subscriber(authority, path, ready, failed);
                subs.add(s);
                io.netty.util.concurrent.Future<Http2StreamChannel> open =
                        new Http2StreamChannelBootstrap(parent).handler(new H2Stream(s)).open();
                if (!open.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) || !open.isSuccess()) {
                    fail("subscriber " + (i + 1) + " of " + n + ": no HTTP/2 stream: " + open.cause());
                }
                DefaultHttp2Headers h = new DefaultHttp2Headers();
                h.method("GET").path(path).scheme("http").authority(authority);
                h.add("accept", "text/event-stream").add("cache-control", "no-cache");
                open.getNow().writeAndFlush(new DefaultHttp2HeadersFrame(h, true));
            }
        }
        return awaitHeads(subs, ready, failed, deadline);
    }

    /** Publishes answered 2xx ({@code ok}) or otherwise, over every publisher. */
    static long answered(Publisher[] ps, boolean ok) {
        long n = 0;
        for (Publisher p : ps) n += (ok ? p.ok : p.bad).get();
        return n;
    }

    /**
     * rtc_redis_command_seconds{command="publish"} of rtc serve --redis instances, summed: cumulative bucket counts
     * by upper bound (seconds; +Inf last), and the sum of round trips in seconds.
     */
    record RedisRoundTrips(double[] bounds, long[] cumulative, double sumS) {
        private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
        private static final java.util.regex.Pattern BUCKET =
                java.util.regex.Pattern.compile("rtc_redis_command_seconds_bucket\\{command=\"publish\",le=\"([^\"]+)\"} (\\d+)");
        private static final java.util.regex.Pattern SUM = java.util.regex.Pattern.compile("rtc_redis_command_seconds_sum\\{command=\"publish\"} (\\S+)");

        static CompletableFuture<RedisRoundTrips> read(List<URI> urls) {
            List<CompletableFuture<String>> bodies = new ArrayList<>();
            for (URI u : urls) {
                bodies.add(HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(u.resolve("/metrics")).timeout(java.time.Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).thenApply(java.net.http.HttpResponse::body));
            }
            return CompletableFuture.allOf(bodies.toArray(CompletableFuture[]::new)).thenApply(v -> {
                RedisRoundTrips total = null;
                for (CompletableFuture<String> b : bodies) {
                    RedisRoundTrips one = parse(b.join());
                    total = total == null ? one : total.plus(one, 1);
                }
                return total;
            });
        }

        static RedisRoundTrips parse(String metrics) {
            List<Double> bounds = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            double sum = 0;
            for (String line : metrics.split("\n")) {
                Matcher m = BUCKET.matcher(line);
                if (m.matches()) {
                    bounds.add(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)));
                    counts.add(Long.parseLong(m.group(2)));
                }
                m = SUM.matcher(line);
                if (m.matches()) sum = Double.parseDouble(m.group(1));
            }
            if (counts.isEmpty()) fail("--metrics: no rtc_redis_command_seconds in /metrics (is it rtc serve --redis?)");
            return new RedisRoundTrips(bounds.stream().mapToDouble(Double::doubleValue).toArray(), counts.stream().mapToLong(Long::longValue).toArray(), sum);
        }

        RedisRoundTrips plus(RedisRoundTrips o, int sign) {
            long[] c = cumulative.clone();
            for (int i = 0; i < c.length; i++) c[i] += sign * o.cumulative[i];
            return new RedisRoundTrips(bounds, c, sumS + sign * o.sumS);
        }

        RedisRoundTrips minus(RedisRoundTrips before) {
            return plus(before, -1);
        }

        /** The upper bound (ms) of the first bucket holding at least {@code pct}% of the round trips. */
        private Double bound(double pct) {
            long n = cumulative[cumulative.length - 1];
            for (int i = 0; i < cumulative.length; i++) {
                if (cumulative[i] >= Math.ceil(n * pct / 100)) return Double.isInfinite(bounds[i]) ? null : bounds[i] * 1000;
            }
            return null;
        }

        void report(Map<String, Object> o) {
            long n = cumulative[cumulative.length - 1];
            o.put("redis_publishes", n);
            o.put("redis_publish_mean_ms", n == 0 ? null : round(sumS * 1000 / n, 3));
            o.put("redis_publish_p50_le_ms", n == 0 ? null : bound(50));
            o.put("redis_publish_p99_le_ms", n == 0 ? null : bound(99));
        }
    }

    static String body(char phase, long seq, long nanos) {
        StringBuilder sb = new StringBuilder(BODY).append(phase).append(' ').append(seq).append(' ').append(nanos).append(' ');
        while (sb.length() < BODY) sb.append('.');
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    /** A comma-separated list of loopback URLs (at least one). */
    static List<URI> urls(String s) {
        if (s == null) fail("--url is required");
        List<URI> l = new ArrayList<>();
        for (String u : s.split(",")) if (!u.isBlank()) l.add(loopback(u.trim()));
        if (l.isEmpty()) fail("--url names no URL: " + s);
        return l;
    }

    static void fanout(Map<String, String> a) throws Exception {
        List<URI> urls = urls(a.get("url"));
        URI url = urls.get(0);
        String topic = a.getOrDefault("topic", "bench-" + System.currentTimeMillis());
        int subsN = intOpt(a, "subs", 1000);
        double rate = doubleOpt(a, "rate", 100);
        double seconds = doubleOpt(a, "seconds", 10);
        double warmup = doubleOpt(a, "warmup", 2);
        double grace = doubleOpt(a, "grace", 5);
        int threads = intOpt(a, "threads", 2);
        String label = a.getOrDefault("label", a.get("url"));
        List<Integer> pids = pids(a.get("pids"));
        List<Integer> redisPids = pids(a.get("redis-pids"));
        List<Integer> allPids = new ArrayList<>(pids);
        allPids.addAll(redisPids);
        long warmN = Math.round(rate * warmup), measN = Math.round(rate * seconds);
        int h2 = intOpt(a, "h2", 0);
        // Nchan takes HTTP/2 on a listener of its own (nginx 1.22: prior knowledge only), HTTP/1.1 publishes on another.
        List<URI> publishUrls = a.containsKey("publish-url") ? urls(a.get("publish-url")) : urls;
        // --publish-each: per distinct server, the indexes of its publishing connections.
        List<List<Integer>> copies = new ArrayList<>();
        if (a.containsKey("publish-each")) {
            Map<URI, List<Integer>> by = new LinkedHashMap<>();
            for (int u = 0; u < publishUrls.size(); u++) by.computeIfAbsent(publishUrls.get(u), x -> new ArrayList<>()).add(u);
            copies.addAll(by.values());
        }
        int copiesN = Math.max(1, copies.size());

        EventLoopGroup subGroup = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        EventLoopGroup pubGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            long c0 = System.nanoTime();
            List<Subscriber> subs = new ArrayList<>(subsN);
            for (int u = 0; u < urls.size(); u++) {
                int share = subsN / urls.size() + (u < subsN % urls.size() ? 1 : 0);
                List<Subscriber> these = h2 > 0 ? subscribeH2(subGroup, urls.get(u), topic, share, h2, 120)
                        : subscribe(subGroup, urls.get(u), topic, share, 500, 120);
                for (Subscriber s : these) s.instance = u;
                subs.addAll(these);
            }
            // Publishes round robin over servers that share a topic space: each event is timed as published on
            // the subscriber's own server or on another (across Redis, for rtc serve --redis).
            if (urls.size() > 1 && copies.isEmpty()) {
                int[] on = new int[publishUrls.size()];
                for (int u = 0; u < on.length; u++) on[u] = urls.indexOf(publishUrls.get(u));
                publishedOn = on;
            }
            double connectS = (System.nanoTime() - c0) / 1e9;
            Thread.sleep(500);
            // One publisher connection per publish URL, all on the one publishing event loop.
            Publisher[] ps = new Publisher[publishUrls.size()];
            Channel[] pubs = new Channel[ps.length];
            for (int u = 0; u < ps.length; u++) {
                ps[u] = new Publisher();
                pubs[u] = publisher(pubGroup, publishUrls.get(u), ps[u]);
            }
            Channel pub = pubs[0];

            // Warm-up, then the measured run, paced from one start time (no drift).
            long period = Math.round(1e9 / rate);
            long[] seq = {0};
            long[] okAtMeasure = {-1};
            CountDownLatch published = new CountDownLatch(1);
            Cpu[] start = new Cpu[2]; // at the first measured publish, at the first publish
            List<URI> metricsUrls = a.containsKey("metrics") ? urls(a.get("metrics")) : List.of();
            // Read once before publishing: the URLs checked, and the HTTP client loaded before it runs on the publishing loop.
            if (!metricsUrls.isEmpty()) RedisRoundTrips.read(metricsUrls).get(30, TimeUnit.SECONDS);
            java.util.concurrent.atomic.AtomicReference<CompletableFuture<RedisRoundTrips>> metricsStart =
                    new java.util.concurrent.atomic.AtomicReference<>(CompletableFuture.completedFuture(null));
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = pub.eventLoop().scheduleAtFixedRate(() -> {
                long s = seq[0]++;
                if (s == 0) start[1] = Cpu.now(pids, redisPids);
                if (s == warmN) {
                    start[0] = Cpu.now(pids, redisPids);
                    if (!metricsUrls.isEmpty()) metricsStart.set(RedisRoundTrips.read(metricsUrls)); // not waited for on this loop
                }
                if (s >= warmN + measN) {
                    task[0].cancel(false);
                    published.countDown();
                    return;
                }
                if (copies.isEmpty()) {
                    int u = (int) (s % pubs.length);
                    publish(pubs[u], publishUrls.get(u), topic, body(s < warmN ? 'w' : 'm', s, System.nanoTime()));
                } else {
                    for (List<Integer> server : copies) {
                        int u = server.get((int) (s % server.size()));
                        publish(pubs[u], publishUrls.get(u), topic, body(s < warmN ? 'w' : 'm', s, System.nanoTime()));
                    }
                }
            }, 0, period, TimeUnit.NANOSECONDS);
            // Watch the warm-up answers: the measured count is answers after the warm-up ones.
            if (!published.await((long) ((warmup + seconds) * 1000 + 30_000), TimeUnit.MILLISECONDS)) {
                fail("publishing did not finish in time");
            }
            // Wait for deliveries to settle: until every subscriber has everything, or the grace period.
            long expectedEach = warmN + measN;
            long until = System.nanoTime() + (long) (grace * 1e9);
            while (System.nanoTime() < until) {
                if (answered(ps, true) + answered(ps, false) >= expectedEach * copiesN) {
                    long total = 0;
                    for (Subscriber s : subs) total += s.received;
                    if (total >= expectedEach * subsN) break;
                }
                Thread.sleep(20);
            }
            Cpu end = Cpu.now(pids, redisPids);
            RedisRoundTrips roundTrips = null;
            if (!metricsUrls.isEmpty()) roundTrips = RedisRoundTrips.read(metricsUrls).get(30, TimeUnit.SECONDS).minus(metricsStart.get().get(30, TimeUnit.SECONDS));
            for (Subscriber s : subs) s.done = true;
            long closed = subs.stream().filter(s -> s.error != null).count();
            String why = subs.stream().map(s -> s.error).filter(e -> e != null).findFirst().orElse(null);
            subGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            pubGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);

            // Publishes answered 2xx among the measured ones: the answers beyond the warm-up's.
            long okMeasured = Math.max(0, answered(ps, true) / copiesN - warmN);
            long warmGot = 0, other = 0;
            for (Recorder r : RECORDERS) {
                warmGot += r.warm;
                other += r.other;
            }
            long[] all = merged(r -> r.all);
            long n = all.length;
            long expected = okMeasured * subsN;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bench", a.getOrDefault("bench", "sse-fanout"));
            o.put("label", label);
            o.put("protocol", h2 > 0 ? "h2" : "http/1.1");
            o.put("connections", h2 > 0 ? (subsN + h2 - 1) / h2 : subsN);
            o.put("subscribers", subsN);
            if (urls.size() > 1 || publishUrls.size() > 1) {
                o.put("instances", urls.size());
                o.put("publish_instances", publishUrls.size());
                if (!copies.isEmpty()) o.put("publish_copies", copiesN);
            }
            o.put("rate", rate);
            o.put("seconds", seconds);
            o.put("published_planned", measN);
            o.put("published_ok", okMeasured);
            o.put("publish_errors", answered(ps, false));
            o.put("delivered", n);
            o.put("expected", expected);
            o.put("delivered_pct", expected == 0 ? 0 : round(100.0 * n / expected, 2));
            o.put("p50_ms", n == 0 ? null : round(pct(all, 50) / 1e6, 2));
            o.put("p90_ms", n == 0 ? null : round(pct(all, 90) / 1e6, 2));
            o.put("p99_ms", n == 0 ? null : round(pct(all, 99) / 1e6, 2));
            o.put("p999_ms", n == 0 ? null : round(pct(all, 99.9) / 1e6, 2));
            o.put("max_ms", n == 0 ? null : round(all[all.length - 1] / 1e6, 2));
            if (publishedOn != null) {
                for (boolean across : new boolean[] {false, true}) {
                    long[] part = merged(r -> across ? r.across : r.same);
                    String where = across ? "_other" : "_same";
                    o.put("delivered" + where, part.length);
                    o.put("p50" + where + "_ms", part.length == 0 ? null : round(pct(part, 50) / 1e6, 2));
                    o.put("p99" + where + "_ms", part.length == 0 ? null : round(pct(part, 99) / 1e6, 2));
                }
            }
            end.report(start[0], o, !pids.isEmpty());
            if (roundTrips != null) roundTrips.report(o);
            // Server efficiency over the whole publishing run, warm-up included: events written per CPU-second.
            double serverCpuS = (end.server() - start[1].server()) / 100.0;
            o.put("events_per_server_cpu_s", pids.isEmpty() || serverCpuS == 0 ? null : Math.round((n + warmGot) / serverCpuS));
            if (!redisPids.isEmpty()) {
                double redisCpuS = (end.redis() - start[1].redis()) / 100.0, s = (end.nanos() - start[0].nanos()) / 1e9;
                o.put("redis_cpu_pct", Math.round((end.redis() - start[0].redis()) / 100.0 / s * 100));
                o.put("events_per_cpu_s_with_redis", serverCpuS + redisCpuS == 0 ? null : Math.round((n + warmGot) / (serverCpuS + redisCpuS)));
            }
            o.put("connect_s", round(connectS, 2));
            o.put("subscribers_lost", closed);
            o.put("warmup_delivered", warmGot);
            if (why != null) o.put("error", why);
            for (Publisher p : ps) if (p.lastError != null) o.put("publish_error", p.lastError);
            result(o);
        } finally {
            subGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            pubGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------

    static void idle(Map<String, String> a) throws Exception {
        URI url = loopback(a.get("url"));
        String topic = a.getOrDefault("topic", "idle-" + System.currentTimeMillis());
        int conns = intOpt(a, "conns", 10_000);
        double settle = doubleOpt(a, "settle", 3);
        String label = a.getOrDefault("label", url.toString());
        List<Integer> pids = pids(a.get("pids"));
        String jcmd = a.get("jcmd");
        if (pids.isEmpty()) fail("--pids is required for idle");

        Long heap0 = jcmd == null ? null : liveHeapKiB(jcmd, pids.get(0));
        Thread.sleep(1000);
        long[] before = memory(pids);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        EventLoopGroup pubGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            long c0 = System.nanoTime();
            List<Subscriber> subs = subscribe(group, url, topic, conns, 500, 180);
            double connectS = (System.nanoTime() - c0) / 1e9;
            Thread.sleep((long) (settle * 1000));
            long[] after = memory(pids);
            Long heap1 = jcmd == null ? null : liveHeapKiB(jcmd, pids.get(0));
            long[] afterGc = jcmd == null ? null : memory(pids);
            long open = subs.stream().filter(s -> s.ok && s.error == null).count();

            // Are they live? One message must reach every one of them.
            Publisher p = new Publisher();
            Channel pub = publisher(pubGroup, url, p);
            long t0 = System.nanoTime();
            pub.eventLoop().execute(() -> publish(pub, url, topic, body('m', 0, System.nanoTime())));
            long until = System.nanoTime() + 10_000_000_000L;
            long got = 0;
            while (System.nanoTime() < until) {
                got = 0;
                for (Subscriber s : subs) got += s.received;
                if (got >= conns) break;
                Thread.sleep(5);
            }
            double allInMs = (System.nanoTime() - t0) / 1e6;
            for (Subscriber s : subs) s.done = true;

            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bench", "sse-idle");
            o.put("label", label);
            o.put("connections", conns);
            o.put("open_after_settle", open);
            o.put("connect_s", round(connectS, 2));
            o.put("rss_before_mib", round(before[0] / 1024.0, 1));
            o.put("rss_after_mib", round(after[0] / 1024.0, 1));
            o.put("rss_per_conn_kib", round((after[0] - before[0]) / (double) conns, 2));
            o.put("pss_per_conn_kib", round((after[1] - before[1]) / (double) conns, 2));
            if (jcmd != null) {
                o.put("rss_after_gc_mib", round(afterGc[0] / 1024.0, 1));
                o.put("live_heap_before_mib", round(heap0 / 1024.0, 1));
                o.put("live_heap_after_mib", round(heap1 / 1024.0, 1));
                o.put("live_heap_per_conn_kib", round((heap1 - heap0) / (double) conns, 2));
            }
            o.put("one_publish_delivered", got);
            o.put("one_publish_all_in_ms", got >= conns ? round(allInMs, 1) : null);
            result(o);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(20, TimeUnit.SECONDS);
            pubGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** {Rss, Pss} in KiB, summed over the processes (Pss shares shared pages out fairly, e.g. nginx workers). */
    static long[] memory(List<Integer> pids) {
        long rss = 0, pss = 0;
        for (int pid : tree(pids)) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                    if (l.startsWith("Rss:")) rss += kib(l);
                    else if (l.startsWith("Pss:")) pss += kib(l);
                }
            } catch (IOException e) {
                // gone
            }
        }
        return new long[] {rss, pss};
    }

    static long kib(String l) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
    }

    static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    /** Runs a full GC in the server JVM, then reads the heap in use (KiB) from GC.heap_info. */
    static long liveHeapKiB(String jcmd, int pid) throws Exception {
        run(jcmd, String.valueOf(pid), "GC.run");
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) fail("cannot read heap use from jcmd GC.heap_info: " + info);
        return Long.parseLong(m.group(1));
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
