// Helpers the load generators share (options, CPU accounting from /proc, percentiles, result lines, a publisher).
// JDK 22+ runs a program from source together with the other source files of its directory, so
// `java -cp target/rtc.jar bench/SseBench.java` compiles this file too.
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

abstract class BenchSupport {
    /** The program's name, for its error messages. */
    static String program = "bench";


    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String k = argv[i];
            if (!k.startsWith("--")) fail("unexpected argument " + k);
            k = k.substring(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) m.put(k, argv[++i]);
            else m.put(k, "true");
        }
        return m;
    }

    static URI loopback(String s) {
        if (s == null) fail("--url is required");
        URI u = URI.create(s);
        String h = u.getHost();
        if (!("127.0.0.1".equals(h) || "localhost".equals(h))) fail("refusing non-loopback target " + s);
        return u;
    }

    static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : 80;
    }

    static int intOpt(Map<String, String> a, String k, int d) {
        return a.containsKey(k) ? Integer.parseInt(a.get(k)) : d;
    }

    static double doubleOpt(Map<String, String> a, String k, double d) {
        return a.containsKey(k) ? Double.parseDouble(a.get(k)) : d;
    }

    static List<Integer> pids(String s) {
        List<Integer> l = new ArrayList<>();
        if (s != null && !s.isBlank()) for (String p : s.split(",")) if (!p.isBlank()) l.add(Integer.parseInt(p.trim()));
        return l;
    }

    /** CPU counters at one instant: the server processes, this generator, the whole machine. */
    record Cpu(long server, long self, long busy, long total, long nanos, long redis) {
        static Cpu now(List<Integer> pids) {
            return now(pids, List.of());
        }

        /** With the CPU of a Redis the servers share ({@code redisPids}) counted apart from theirs. */
        static Cpu now(List<Integer> pids, List<Integer> redisPids) {
            long[] m = machineTicks();
            return new Cpu(cpuTicks(pids), selfCpuNanos(), m[0], m[1], System.nanoTime(),
                    redisPids.isEmpty() ? 0 : cpuTicks(redisPids));
        }

        /**
         * server_cpu_pct and client_cpu_pct (100 = one core busy) from {@code a} to this, and others_cpu_pct:
         * what the rest of the machine used meanwhile (other people's builds; the kernel's loopback work is
         * mostly charged to the processes above).
         */
        void report(Cpu a, Map<String, Object> o, boolean hasServer) {
            double s = (nanos - a.nanos) / 1e9;
            double server = (server() - a.server()) / 100.0 / s * 100, client = (self - a.self) / 1e9 / s * 100;
            double machine = (busy - a.busy) / 100.0 / s * 100;
            o.put("server_cpu_pct", hasServer ? (Object) Math.round(server) : null);
            o.put("client_cpu_pct", Math.round(client));
            double redis = (redis() - a.redis()) / 100.0 / s * 100;
            o.put("others_cpu_pct", Math.max(0, Math.round(machine - client - (hasServer ? server : 0) - redis)));
        }
    }

    /** The processes and their live descendants (nginx's workers, websocketd's cat processes). */
    static List<Integer> tree(List<Integer> pids) {
        List<Integer> all = new ArrayList<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(pids);
        while (!todo.isEmpty()) {
            int pid = todo.pop();
            if (all.contains(pid)) continue;
            all.add(pid);
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    String kids = Files.readString(task.resolve("children")).trim();
                    if (!kids.isEmpty()) for (String c : kids.split(" ")) todo.add(Integer.parseInt(c));
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return all;
    }

    /** utime + stime in clock ticks (USER_HZ = 100) of the processes and of their live descendants. */
    static long cpuTicks(List<Integer> pids) {
        long t = 0;
        for (int pid : tree(pids)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                // process gone: counts as nothing
            }
        }
        return t;
    }

    /** {busy, total} clock ticks of the whole machine, from /proc/stat (busy excludes idle and iowait). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static void result(Map<String, Object> o) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : o.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v == null) sb.append("null");
            else if (v instanceof Number) sb.append(String.format(Locale.ROOT, "%s", v));
            else sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        System.out.println("RESULT|" + sb.append('}'));
    }

    /** A keep-alive connection that POSTs to /publish/{topic}; requests are pipelined, 2xx answers counted. */
    static final class Publisher extends ChannelInboundHandlerAdapter {
        final AtomicLong ok = new AtomicLong(), bad = new AtomicLong();
        volatile String lastError;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                FullHttpResponse r = (FullHttpResponse) msg;
                if (r.status().code() / 100 == 2) ok.incrementAndGet();
                else {
                    bad.incrementAndGet();
                    lastError = "HTTP " + r.status();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lastError = String.valueOf(cause);
            ctx.close();
        }
    }

    static Channel publisher(EventLoopGroup group, URI url, Publisher p) throws Exception {
        ChannelFuture f = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), p);
                    }
                }).connect(url.getHost(), port(url));
        if (!f.await(10_000) || !f.isSuccess()) fail("publisher cannot connect to " + url + ": " + f.cause());
        return f.channel();
    }

    static void publish(Channel ch, URI url, String topic, String body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                url.getRawPath().replaceAll("/$", "") + "/publish/" + topic,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.US_ASCII)));
        req.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + port(url))
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
        ch.writeAndFlush(req, ch.voidPromise());
    }

    static void fail(String why) {
        System.err.println(program + ": " + why);
        System.exit(1);
    }
}
