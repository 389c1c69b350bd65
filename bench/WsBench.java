// WebSocket echo load generator and raw TCP baseline for bench/run (single-file program, JDK 25 launcher):
//
//   java -cp target/rtc.jar bench/WsBench.java throughput --url ws://127.0.0.1:PORT/echo [--conns 8] [--window 100]
//        [--seconds 10] [--warmup 3] [--threads 1] [--pids PID,...] [--label NAME]
//   java -cp target/rtc.jar bench/WsBench.java latency --urls ws://127.0.0.1:P1/echo,tcp://127.0.0.1:P2,...
//        --labels rtc,tcp,... --pids PID1,PID2,... [--count 20000] [--warmup-count 5000] [--block 1000]
//        [--max-seconds 120]   (round-trip blocks go to each target in turn, so background noise hits all alike)
//   java -cp target/rtc.jar bench/WsBench.java tcp-server --port PORT [--blocking] [--max-seconds 900]
//
// All traffic is loopback only (the URL host must be 127.0.0.1 or localhost). Every loop is bounded in
// count and time. Each client mode prints one line "RESULT|<json>" that bench/run turns into a table row.
//
// Messages are 32-byte text frames: 16 hex digits of a per-connection sequence number (throughput: every
// echo is checked to come back in order and intact) or of System.nanoTime() (latency), then padding.
// Client frames are masked (RFC 6455), with a random non-zero key per connection.

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

public class WsBench extends BenchSupport {
    static final int PAYLOAD = 32;
    static final byte[] PAD = "................".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] argv) throws Exception {
        program = "WsBench";
        if (argv.length == 0) {
            System.err.println("usage: WsBench throughput|latency|tcp-server [options] (see the top of WsBench.java)");
            System.exit(2);
        }
        Map<String, String> a = options(argv);
        switch (argv[0]) {
            case "throughput" -> throughput(a);
            case "latency" -> latency(a);
            case "tcp-server" -> tcpServer(a);
            default -> {
                System.err.println("unknown mode " + argv[0]);
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // throughput: C connections, W messages in flight on each; every echo received sends the next one.

    static void throughput(Map<String, String> a) throws Exception {
        URI url = loopback(a.get("url"));
        int conns = intOpt(a, "conns", 8);
        int window = intOpt(a, "window", 100);
        double seconds = doubleOpt(a, "seconds", 10);
        double warmup = doubleOpt(a, "warmup", 3);
        int threads = intOpt(a, "threads", 1);
        long maxMessages = (long) doubleOpt(a, "max-messages", 2e9);
        String label = a.getOrDefault("label", url.toString());
        List<Integer> pids = pids(a.get("pids"));

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        List<EchoClient> clients = new ArrayList<>();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true);
            List<ChannelFuture> opened = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                EchoClient c = new EchoClient(url, window, maxMessages / conns);
                clients.add(c);
                opened.add(b.handler(c).connect(url.getHost(), port(url)));
            }
            for (ChannelFuture f : opened) {
                if (!f.await(10, TimeUnit.SECONDS) || !f.isSuccess()) fail("cannot connect to " + url + ": " + f.cause());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (EchoClient c : clients) {
                while (!c.open && c.error == null && System.nanoTime() < deadline) Thread.sleep(10);
                if (!c.open) fail("WebSocket handshake with " + url + " failed: " + c.error);
            }
            Thread.sleep((long) (warmup * 1000));
            long[] r0 = snapshot(clients);
            Cpu c0 = Cpu.now(pids);
            Thread.sleep((long) (seconds * 1000));
            long[] r1 = snapshot(clients);
            Cpu c1 = Cpu.now(pids);
            for (EchoClient c : clients) c.stop = true;
            double elapsed = (c1.nanos() - c0.nanos()) / 1e9;
            long received = r1[0] - r0[0];
            long errors = 0;
            StringBuilder why = new StringBuilder();
            for (EchoClient c : clients) {
                if (c.error != null) {
                    errors++;
                    if (why.isEmpty()) why.append(c.error);
                }
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("bench", "ws-echo");
            out.put("label", label);
            out.put("conns", conns);
            out.put("window", window);
            out.put("seconds", round(elapsed, 2));
            out.put("messages", received);
            out.put("msgs_per_s", Math.round(received / elapsed));
            out.put("mib_per_s_each_way", round(received * PAYLOAD / elapsed / (1 << 20), 1));
            c1.report(c0, out, !pids.isEmpty());
            double serverCpuS = (c1.server() - c0.server()) / 100.0;
            out.put("msgs_per_server_cpu_s", pids.isEmpty() || serverCpuS == 0 ? null : Math.round(received / serverCpuS));
            out.put("out_of_order_or_corrupt", r1[1]);
            out.put("connection_errors", errors);
            if (errors > 0) out.put("error", why.toString());
            result(out);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** {received, bad} summed over the clients, read on their event loops so the counts are exact. */
    static long[] snapshot(List<EchoClient> clients) throws Exception {
        long received = 0, bad = 0;
        for (EchoClient c : clients) {
            long[] r = c.ctx.executor().submit(() -> new long[] {c.received, c.bad}).get(5, TimeUnit.SECONDS);
            received += r[0];
            bad += r[1];
        }
        return new long[] {received, bad};
    }

    /** A raw WebSocket client on one connection: hand-made upgrade, hand-parsed frames, no per-frame objects. */
    static final class EchoClient extends ChannelInboundHandlerAdapter {
        final URI url;
        final int window;
        final long maxSend;
        final byte[] mask = new byte[4];
        final byte[] frame = new byte[6 + PAYLOAD];
        volatile boolean open;
        volatile boolean stop;
        volatile String error;
        ChannelHandlerContext ctx;
        ByteBuf acc;
        long sent, received, bad;

        EchoClient(URI url, int window, long maxSend) {
            this.url = url;
            this.window = window;
            this.maxSend = maxSend;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            do r.nextBytes(mask); while (mask[0] == 0 || mask[1] == 0 || mask[2] == 0 || mask[3] == 0);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            acc = ctx.alloc().buffer(64 * 1024);
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(handshake(url)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            acc.writeBytes(in);
            in.release();
            if (!open) {
                int end = indexOf(acc, "\r\n\r\n");
                if (end < 0) return;
                String head = acc.readCharSequence(end + 4, StandardCharsets.ISO_8859_1).toString();
                if (!head.startsWith("HTTP/1.1 101")) {
                    error = "upgrade refused: " + head.lines().findFirst().orElse("");
                    ctx.close();
                    return;
                }
                open = true;
                for (int i = 0; i < window; i++) send();
            }
            parse();
            acc.discardSomeReadBytes();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private void parse() {
            while (acc.readableBytes() >= 2) {
                int r = acc.readerIndex();
                int b0 = acc.getUnsignedByte(r), b1 = acc.getUnsignedByte(r + 1);
                int len = b1 & 0x7f, hdr = 2;
                if (len == 126) {
                    if (acc.readableBytes() < 4) return;
                    len = acc.getUnsignedShort(r + 2);
                    hdr = 4;
                } else if (len == 127) {
                    if (acc.readableBytes() < 10) return;
                    len = (int) acc.getLong(r + 2);
                    hdr = 10;
                }
                if (acc.readableBytes() < hdr + len) return;
                int opcode = b0 & 0x0f;
                if (opcode == 1 || opcode == 2) {
                    received++;
                    if (len != PAYLOAD || parseHex(acc, r + hdr) != received - 1) bad++;
                    if (!stop) send();
                } else if (opcode == 9) {
                    byte[] p = new byte[len];
                    acc.getBytes(r + hdr, p);
                    ctx.write(ctx.alloc().buffer(6 + len).writeBytes(masked(0x8a, p, mask)));
                } else if (opcode == 8) {
                    error = "server closed the connection";
                }
                acc.readerIndex(r + hdr + len);
            }
        }

        private void send() {
            if (sent >= maxSend) return;
            long seq = sent++;
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | PAYLOAD);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < 16; i++) frame[6 + i] = (byte) (HEX[(int) (seq >>> (60 - 4 * i)) & 0xf] ^ mask[i & 3]);
            for (int i = 16; i < PAYLOAD; i++) frame[6 + i] = (byte) (PAD[i - 16] ^ mask[i & 3]);
            ctx.write(ctx.alloc().ioBuffer(frame.length).writeBytes(frame), ctx.voidPromise());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!stop && error == null) error = "connection closed by the server";
            if (acc != null) acc.release();
            acc = null;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (error == null) error = String.valueOf(cause);
            ctx.close();
        }
    }

    static long parseHex(ByteBuf b, int at) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int c = b.getByte(at + i);
            int d = c <= '9' ? c - '0' : c - 'a' + 10;
            if (d < 0 || d > 15) return -1;
            v = (v << 4) | d;
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // latency: one connection, one message at a time, blocking socket; the same loop for ws:// and tcp://.

    /** One latency target: its connection, its samples, and the CPU its server used during its blocks. */
    static final class Target {
        final URI url;
        final boolean ws;
        final String label;
        final List<Integer> pids;
        final Socket socket = new Socket();
        InputStream in;
        OutputStream out;
        final byte[] mask = new byte[4];
        final byte[] payload = new byte[PAYLOAD], back = new byte[PAYLOAD], hdr = new byte[14];
        long[] samples;
        int n, bad;
        long serverTicks, selfNanos, busyTicks, wallNanos;

        Target(String url, String label, List<Integer> pids, int count) {
            this.url = loopback(url);
            this.ws = this.url.getScheme().equals("ws");
            this.label = label;
            this.pids = pids;
            this.samples = new long[count];
            ThreadLocalRandom.current().nextBytes(mask);
            mask[0] |= 1;
        }

        void open() throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), port(url)), 5000);
            socket.setSoTimeout(5000);
            // Buffered, so that a frame's header and payload cost one read(2), as the raw TCP reply does.
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
            if (ws) {
                out.write(handshake(url));
                String head = readHead(in);
                if (!head.startsWith("HTTP/1.1 101")) fail(label + ": upgrade refused: " + head.lines().findFirst().orElse(""));
            }
        }

        /** {@code k} round trips; recorded unless warming up. */
        void block(int k, boolean record) throws IOException {
            Cpu c0 = record ? Cpu.now(pids) : null;
            for (int i = 0; i < k; i++) {
                long start = System.nanoTime();
                for (int d = 0; d < 16; d++) payload[d] = HEX[(int) (start >>> (60 - 4 * d)) & 0xf];
                System.arraycopy(PAD, 0, payload, 16, 16);
                if (ws) {
                    out.write(masked(0x81, payload, mask));
                    int op;
                    do {
                        readFully(in, hdr, 2);
                        op = hdr[0] & 0x0f;
                        int len = hdr[1] & 0x7f;
                        if (len == 126) {
                            readFully(in, hdr, 2);
                            len = ((hdr[0] & 0xff) << 8) | (hdr[1] & 0xff);
                        }
                        byte[] body = len == PAYLOAD ? back : new byte[len];
                        readFully(in, body, len);
                        if (op == 9) out.write(masked(0x8a, Arrays.copyOf(body, len), mask));
                        if (op == 8) fail(label + ": server closed the WebSocket");
                        if (op == 1 && len != PAYLOAD) bad++;
                    } while (op != 1 && op != 2);
                } else {
                    out.write(payload);
                    readFully(in, back, PAYLOAD);
                }
                long end = System.nanoTime();
                if (!Arrays.equals(payload, back)) bad++;
                if (record && n < samples.length) samples[n++] = end - start;
            }
            if (record) {
                Cpu c1 = Cpu.now(pids);
                serverTicks += c1.server() - c0.server();
                selfNanos += c1.self() - c0.self();
                busyTicks += c1.busy() - c0.busy();
                wallNanos += c1.nanos() - c0.nanos();
            }
        }
    }

    /**
     * Round trips to one or more targets ({@code --url} or {@code --urls a,b,...} with {@code --labels} and
     * {@code --pids} lists in the same order, "-" for none): blocks of {@code --block} round trips go to each
     * target in turn, so that whatever else the machine does at a moment falls on all of them alike.
     */
    static void latency(Map<String, String> a) throws Exception {
        String[] urls = a.getOrDefault("urls", a.get("url")).split(",");
        String[] labels = a.getOrDefault("labels", a.getOrDefault("label", String.join(",", urls))).split(",");
        String[] pidList = a.getOrDefault("pids", "").split(",", -1);
        int count = intOpt(a, "count", 20_000);
        int warm = intOpt(a, "warmup-count", 5_000);
        int blockSize = intOpt(a, "block", 1_000);
        double maxSeconds = doubleOpt(a, "max-seconds", 120);
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) {
            String pid = i < pidList.length ? pidList[i] : "";
            targets.add(new Target(urls[i], i < labels.length ? labels[i] : urls[i], pid.equals("-") ? List.of() : pids(pid), count));
        }
        try {
            for (Target t : targets) t.open();
            for (int done = 0; done < warm && System.nanoTime() < deadline; done += blockSize) {
                for (Target t : targets) t.block(Math.min(blockSize, warm - done), false);
            }
            for (int done = 0; done < count && System.nanoTime() < deadline; done += blockSize) {
                for (Target t : targets) t.block(Math.min(blockSize, count - done), true);
            }
        } finally {
            for (Target t : targets) t.socket.close();
        }
        for (Target t : targets) {
            if (t.n == 0) fail(t.label + ": no round trip measured before the deadline");
            long[] s2 = Arrays.copyOf(t.samples, t.n);
            Arrays.sort(s2);
            Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("bench", "ws-latency");
            o.put("label", t.label);
            o.put("round_trips", t.n);
            o.put("p50_us", round(pct(s2, 50) / 1e3, 1));
            o.put("p90_us", round(pct(s2, 90) / 1e3, 1));
            o.put("p99_us", round(pct(s2, 99) / 1e3, 1));
            o.put("max_us", round(s2[t.n - 1] / 1e3, 1));
            o.put("mean_us", round(Arrays.stream(s2).average().orElse(0) / 1e3, 1));
            double secs = t.wallNanos / 1e9;
            double server = t.serverTicks / secs, client = t.selfNanos / 1e9 / secs * 100, machine = t.busyTicks / secs;
            o.put("server_cpu_pct", t.pids.isEmpty() ? null : (Object) Math.round(server));
            o.put("client_cpu_pct", Math.round(client));
            o.put("others_cpu_pct", Math.max(0, Math.round(machine - client - (t.pids.isEmpty() ? 0 : server))));
            o.put("corrupt", t.bad);
            result(o);
        }
    }


    static byte[] masked(int b0, byte[] payload, byte[] mask) {
        if (payload.length > 125) throw new IllegalArgumentException("control/test frames only");
        byte[] f = new byte[6 + payload.length];
        f[0] = (byte) b0;
        f[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, f, 2, 4);
        for (int i = 0; i < payload.length; i++) f[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        return f;
    }

    static void readFully(InputStream in, byte[] b, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int r = in.read(b, off, len - off);
            if (r < 0) throw new IOException("connection closed by the server");
            off += r;
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 16384) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed during the handshake");
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) return sb.toString();
        }
        throw new IOException("handshake response too long");
    }

    static byte[] handshake(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        return ("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port(url) + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(key) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static int indexOf(ByteBuf b, String s) {
        byte[] needle = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = b.readerIndex(); i <= b.writerIndex() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (b.getByte(i + j) != needle[j]) continue outer;
            return i - b.readerIndex();
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------
    // tcp-server: the raw TCP baseline. Netty epoll (the transport rtc serve uses, minus HTTP and WebSocket)
    // or, with --blocking, one thread per connection on a blocking socket.

    static void tcpServer(Map<String, String> a) throws Exception {
        int port = intOpt(a, "port", 0);
        double maxSeconds = doubleOpt(a, "max-seconds", 900);
        if (a.containsKey("blocking")) {
            ServerSocket ss = new ServerSocket();
            ss.bind(new InetSocketAddress("127.0.0.1", port), 128);
            System.err.println("tcp echo (blocking) listening on 127.0.0.1:" + ss.getLocalPort());
            Thread acceptor = new Thread(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket s = ss.accept();
                        s.setTcpNoDelay(true);
                        Thread t = new Thread(() -> {
                            byte[] buf = new byte[16384];
                            try (s) {
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream();
                                for (int r; (r = in.read(buf)) > 0; ) out.write(buf, 0, r);
                            } catch (IOException ignored) {
                                // client gone
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Thread.sleep((long) (maxSeconds * 1000));
            ss.close();
            return;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.write(msg, ctx.voidPromise());
                                }

                                @Override
                                public void channelReadComplete(ChannelHandlerContext ctx) {
                                    ctx.flush();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.err.println("tcp echo (netty epoll) listening on " + ch.localAddress());
            ch.closeFuture().await((long) (maxSeconds * 1000));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
