package dev.rtc.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on a loopback port of its own between one technique's clients and the server: it counts
 * every byte each way (headers, framing, handshakes and TLS included, because it sees the TCP stream),
 * holds each direction's bytes for half of the round trip asked for (the kernel here has no netem), and
 * can cut every connection at once with a reset, as a network failure would.
 */
final class Relay implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] EOF = new byte[0];

    private final InetSocketAddress upstream;
    private final long halfDelayNanos;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final LongAdder up = new LongAdder();
    private final LongAdder down = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private volatile boolean closed;

    private Relay(InetSocketAddress upstream, Duration rtt, ServerSocket listener) {
        this.upstream = upstream;
        this.halfDelayNanos = rtt.toNanos() / 2;
        this.listener = listener;
    }

    /** A relay listening on a free port of {@code bind} (a loopback address), forwarding to {@code upstream}. */
    static Relay start(InetAddress bind, InetSocketAddress upstream, Duration rtt) throws IOException {
        ServerSocket listener = new ServerSocket(0, 256, bind);
        Relay relay = new Relay(upstream, rtt, listener);
        daemon("rtc-relay-accept-" + listener.getLocalPort(), relay::accept);
        return relay;
    }

    /** A started daemon thread: the relay's threads never keep the JVM alive. */
    static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    int port() {
        return listener.getLocalPort();
    }

    InetAddress address() {
        return listener.getInetAddress();
    }

    /** Bytes from the clients to the server so far. */
    long bytesUp() {
        return up.sum();
    }

    /** Bytes from the server to the clients so far. */
    long bytesDown() {
        return down.sum();
    }

    /** TCP connections the clients opened through the relay. */
    long connections() {
        return connections.sum();
    }

    /** Resets every open connection both ways; new ones are relayed as before. Returns how many were cut. */
    int cut() {
        int n = 0;
        for (Link link : links) {
            link.abort();
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cut();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.increment();
            daemon("rtc-relay-link", () -> link(client));
        }
    }

    private void link(Socket client) {
        Socket server = new Socket();
        Link link = new Link(client, server);
        links.add(link);
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(upstream, 10_000);
        } catch (IOException e) {
            link.abort();
            return;
        }
        if (closed) {
            link.abort();
            return;
        }
        daemon("rtc-relay-up", () -> link.pump(client, server, up));
        link.pump(server, client, down);
    }

    /** One client connection and its connection to the server. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private int finished;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        /** Copies {@code from} to {@code to}, each read held {@link #halfDelayNanos} before it is written. */
        void pump(Socket from, Socket to, LongAdder counter) {
            LinkedBlockingQueue<Object[]> queue = halfDelayNanos > 0 ? new LinkedBlockingQueue<>() : null;
            Thread writer = queue == null ? null : daemon("rtc-relay-delay", () -> delayed(queue, to));
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    counter.add(n);
                    if (queue == null) {
                        out.write(buffer, 0, n);
                        out.flush();
                    } else {
                        queue.add(new Object[] {System.nanoTime() + halfDelayNanos, Arrays.copyOf(buffer, n)});
                    }
                }
                if (queue == null) {
                    to.shutdownOutput();
                } else {
                    queue.add(new Object[] {System.nanoTime() + halfDelayNanos, EOF});
                    writer.join();
                }
                done();
            } catch (IOException e) {
                abort();
            } catch (InterruptedException e) {
                abort();
                Thread.currentThread().interrupt();
            }
        }

        private void delayed(LinkedBlockingQueue<Object[]> queue, Socket to) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Object[] item = queue.poll(1, TimeUnit.SECONDS);
                    if (item == null) {
                        if (to.isClosed()) return;
                        continue;
                    }
                    long due = (Long) item[0];
                    for (long left; (left = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                    byte[] data = (byte[]) item[1];
                    if (data == EOF) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(data);
                    out.flush();
                }
            } catch (IOException e) {
                abort();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Both ways ended cleanly: close both sockets. */
        private void done() {
            synchronized (this) {
                if (++finished < 2) return;
            }
            close(client);
            close(server);
            links.remove(this);
        }

        /** A reset both ways, as a failing network or middlebox would send. */
        void abort() {
            reset(client);
            reset(server);
            links.remove(this);
        }

        private static void reset(Socket s) {
            try {
                if (!s.isClosed()) s.setSoLinger(true, 0);
            } catch (SocketException e) {
                // closing anyway
            }
            close(s);
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
