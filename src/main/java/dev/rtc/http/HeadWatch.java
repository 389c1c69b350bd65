package dev.rtc.http;

import dev.rtc.cli.Durations;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * A response head must complete within {@code --connect-timeout} of its first byte: a server that sends a
 * status line and then stalls inside its headers fails as a connection failure does, while a long poll
 * may still wait for its status line as long as it likes. The sockets of plain-HTTP connections watch
 * this themselves: the network interceptor ({@link Wire}) says when an HTTP/1.x request goes out, the
 * first byte read after that starts the clock, and the interceptor stops it once OkHttp has the whole
 * head. Over TLS the first bytes after a request may be the TLS layer's own, and over HTTP/2 a frame of
 * another stream, so neither is watched.
 */
final class HeadWatch extends SocketFactory {
    private final Duration limit;

    HeadWatch(Duration limit) {
        this.limit = limit;
    }

    /** The head did not complete in time: a timeout, so that OkHttp does not replay the request. */
    static final class StalledHead extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        StalledHead(Duration limit) {
            super("the response headers did not complete within " + Durations.format(limit)
                    + " of their first byte (--connect-timeout)");
        }
    }

    /** An HTTP/1.x request goes out on {@code socket}: the next byte read is the first of its response. */
    static void expectHead(Socket socket) {
        if (socket instanceof WatchedSocket w) w.expectHead();
    }

    /** Called once OkHttp read a whole response head on {@code socket}. */
    static void headComplete(Socket socket) {
        if (socket instanceof WatchedSocket w) w.headComplete();
    }

    @Override
    public Socket createSocket() {
        return new WatchedSocket(limit);
    }

    // OkHttp calls only createSocket() and connects the socket itself; the others are SocketFactory's contract.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = createSocket();
        if (local != null) s.bind(local);
        s.connect(remote);
        return s;
    }

    private static final class WatchedSocket extends Socket {
        private static final int IDLE = 0;
        private static final int EXPECTED = 1;
        private static final int IN_HEAD = 2;

        private final Duration limit;
        private volatile int state = IDLE;
        private long deadline;
        private int savedTimeout;
        private InputStream input;

        WatchedSocket(Duration limit) {
            this.limit = limit;
        }

        void expectHead() {
            state = EXPECTED;
        }

        void headComplete() {
            if (state == IN_HEAD) {
                try {
                    setSoTimeout(savedTimeout);
                } catch (SocketException e) {
                    // closed meanwhile: nothing left to read with it
                }
            }
            state = IDLE;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) input = new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = state == IN_HEAD ? readInHead(super::read, b, off, len) : super.read(b, off, len);
                    if (n > 0 && state == EXPECTED) {
                        deadline = System.nanoTime() + limit.toNanos();
                        savedTimeout = getSoTimeout();
                        state = IN_HEAD;
                    }
                    return n;
                }
            };
            return input;
        }

        private interface Read {
            int read(byte[] b, int off, int len) throws IOException;
        }

        /** A read while the head is incomplete: it may wait only until the head's deadline. */
        private int readInHead(Read read, byte[] b, int off, int len) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new StalledHead(limit);
            setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
            try {
                return read.read(b, off, len);
            } catch (SocketTimeoutException e) {
                if (state == IN_HEAD) throw new StalledHead(limit);
                throw e;
            }
        }
    }
}
