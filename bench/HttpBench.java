// Helpers of the HTTP client benchmarks (poll, longpoll, stream) in bench/run (single-file program, JDK 25
// launcher). The clients under test (rtc poll/longpoll/stream, curl) are separate processes that bench/run
// times; this program only plays the other side.
//
//   java -cp target/rtc.jar bench/HttpBench.java publish --url http://127.0.0.1:PORT --topic T [--count 30000]
//        [--rate 1000] [--grace 5] [--after-longpoll-subscriber]
//   java -cp target/rtc.jar bench/HttpBench.java stream-server [--port 0] [--bytes 1073741824] [--line-bytes 100]
//        [--chunk-bytes 16384] [--max-seconds 900]
//
// publish: POSTs `count` messages to {url}/publish/{topic} at `rate` per second on one keep-alive
// connection, pipelined and paced from one start time (no drift); each body is "m <seq>" padded to 32 bytes.
// Prints "ready" once connected and "published ok=N bad=M in S s" at the end. Loopback only; bounded by
// `count` (and by the time that takes plus `grace` for the last answers). --after-longpoll-subscriber waits
// (up to 60 s, reading rtc serve's /metrics every 2 ms) for a long poll to be waiting before the first
// message, so that a client started after this program is ready sees the topic from its first message.
//
// stream-server: answers every GET with one chunked body of `bytes` bytes: lines of `line-bytes` (the last
// byte of each is \n) in chunks of `chunk-bytes`, so lines straddle chunk boundaries. The body is written
// from a prepared direct buffer with blocking writes, a thread per connection, so the server costs little
// next to the client that reads it. For each connection it prints "sent N of M bytes in S s (complete)" or
// "(aborted: why)", S from the first byte of the head to the last write. Binds 127.0.0.1 only; exits after
// `max-seconds`.

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

public class HttpBench extends BenchSupport {
    static final int BODY = 32;
    static final int MAX_HEAD = 64 * 1024;

    public static void main(String[] argv) throws Exception {
        program = "HttpBench";
        if (argv.length == 0) {
            System.err.println("usage: HttpBench publish|stream-server [options] (see the top of HttpBench.java)");
            System.exit(2);
        }
        Map<String, String> a = options(argv);
        switch (argv[0]) {
            case "publish" -> publish(a);
            case "stream-server" -> streamServer(a);
            default -> fail("unknown mode " + argv[0]);
        }
    }

    // ---------------------------------------------------------------------------------------------

    static void publish(Map<String, String> a) throws Exception {
        URI url = loopback(a.get("url"));
        String topic = a.getOrDefault("topic", "bench");
        long count = Long.parseLong(a.getOrDefault("count", "30000"));
        double rate = doubleOpt(a, "rate", 1000);
        double grace = doubleOpt(a, "grace", 5);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Publisher p = new Publisher();
            Channel ch = publisher(group, url, p);
            System.out.println("ready: " + count + " messages at " + rate + "/s to " + topic);
            if (a.containsKey("after-longpoll-subscriber")) awaitLongPollSubscriber(url);
            long t0 = System.nanoTime();
            long[] seq = {0};
            CountDownLatch done = new CountDownLatch(1);
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = ch.eventLoop().scheduleAtFixedRate(() -> {
                if (seq[0] >= count || !ch.isActive()) {
                    task[0].cancel(false);
                    done.countDown();
                    return;
                }
                publish(ch, url, topic, body(seq[0]++));
            }, 0, Math.round(1e9 / rate), TimeUnit.NANOSECONDS);
            done.await((long) (count / rate * 1000 + 60_000), TimeUnit.MILLISECONDS);
            long until = System.nanoTime() + (long) (grace * 1e9);
            while (p.ok.get() + p.bad.get() < seq[0] && ch.isActive() && System.nanoTime() < until) Thread.sleep(10);
            System.out.printf(Locale.ROOT, "published ok=%d bad=%d in %.3f s%s%n", p.ok.get(), p.bad.get(),
                    (System.nanoTime() - t0) / 1e9, p.lastError == null ? "" : " (" + p.lastError + ")");
            ch.close().await(5_000);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5_000);
        }
    }

    static void awaitLongPollSubscriber(URI url) throws Exception {
        URI metrics = url.resolve("/metrics");
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            var c = (java.net.HttpURLConnection) metrics.toURL().openConnection();
            try (var in = c.getInputStream()) {
                for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (l.startsWith("rtc_subscribers{technique=\"longpoll\"} ") && !l.endsWith(" 0")) return;
                }
            }
            Thread.sleep(2);
        }
        fail("no long poll subscriber within 60 s");
    }

    static String body(long seq) {
        StringBuilder sb = new StringBuilder(BODY).append("m ").append(seq).append(' ');
        while (sb.length() < BODY) sb.append('.');
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    static void streamServer(Map<String, String> a) throws Exception {
        long bytes = Long.parseLong(a.getOrDefault("bytes", String.valueOf(1L << 30)));
        int lineBytes = intOpt(a, "line-bytes", 100);
        int chunkBytes = intOpt(a, "chunk-bytes", 16384);
        double maxSeconds = doubleOpt(a, "max-seconds", 900);
        if (lineBytes < 1 || chunkBytes < 1 || bytes < 0) fail("--bytes, --line-bytes and --chunk-bytes must be positive");

        // One block of whole chunks whose payload is a whole number of lines when lcm(line, chunk) is at most
        // 1 MiB (100 and 16384: 25 chunks), so blocks follow one another seamlessly; the tail of the body
        // (less than a block) is framed from the block's first bytes.
        long period = lcm(lineBytes, chunkBytes);
        int chunksPerBlock = (int) Math.max(1, Math.min(period, 1 << 20) / chunkBytes);
        int payload = chunksPerBlock * chunkBytes;
        byte[] line = new byte[lineBytes];
        for (int i = 0; i < lineBytes; i++) line[i] = (byte) ('a' + i % 26);
        line[lineBytes - 1] = '\n';
        byte[] data = new byte[payload];
        for (int i = 0; i < payload; i++) data[i] = line[i % lineBytes];
        ByteBuffer block = frame(data, chunkBytes);

        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), intOpt(a, "port", 0)));
        System.out.println("listening on " + ((InetSocketAddress) server.getLocalAddress()).getPort());
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep((long) (maxSeconds * 1000));
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("max-seconds reached");
            System.exit(0);
        });
        while (true) {
            SocketChannel c = server.accept();
            Thread.ofPlatform().start(() -> serve(c, bytes, data, block.duplicate(), chunkBytes));
        }
    }

    static long lcm(long a, long b) {
        long x = a, y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** {@code data} as chunked framing: chunks of {@code chunkBytes} (the last may be shorter), in a direct buffer. */
    static ByteBuffer frame(byte[] data, int chunkBytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(data.length + (data.length / chunkBytes + 1) * 16);
        for (int off = 0; off < data.length; off += chunkBytes) {
            int n = Math.min(chunkBytes, data.length - off);
            b.put((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII)).put(data, off, n)
                    .put("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.flip();
    }

    static void serve(SocketChannel c, long bytes, byte[] data, ByteBuffer block, int chunkBytes) {
        long sent = 0, t0 = 0;
        String outcome = "complete";
        try (c) {
            readHead(c);
            t0 = System.nanoTime();
            writeAll(c, ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            long perBlock = data.length;
            while (bytes - sent >= perBlock) {
                writeAll(c, block.duplicate());
                sent += perBlock;
            }
            if (bytes > sent) { // the tail: the first bytes of a block, framed on their own
                byte[] tail = java.util.Arrays.copyOf(data, (int) (bytes - sent));
                writeAll(c, frame(tail, chunkBytes));
                sent = bytes;
            }
            writeAll(c, ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            outcome = "aborted: " + e.getMessage();
        }
        double s = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "sent %d of %d bytes in %.3f s (%s)%n", sent, bytes, s, outcome);
    }

    static void readHead(SocketChannel c) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        while (in.hasRemaining()) {
            if (c.read(in) < 0) throw new IOException("closed before the request head ended");
            String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            if (s.contains("\r\n\r\n")) return;
        }
        throw new IOException("request head longer than " + MAX_HEAD);
    }

    static void writeAll(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) c.write(b);
    }
}
