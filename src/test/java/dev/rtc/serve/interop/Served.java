package dev.rtc.serve.interop;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An in-process {@code rtc serve} on a loopback port, with the few probes the interop tests need. */
final class Served implements AutoCloseable {
    final Server server;
    private final ServeConfig config;

    private Served(Server server, ServeConfig config) {
        this.server = server;
        this.config = config;
    }

    static Served start(ServeConfig config) {
        try {
            return new Served(Server.start(config), config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** With {@code --redis}: one instance of a topic space shared through Redis. */
    static Served start(ServeConfig config, dev.rtc.redis.Cluster.Options redis) {
        try {
            return new Served(Server.start(config, redis), config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Served start() {
        return start(ServeConfig.loopback());
    }

    int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://}) + path. */
    String http(String path) {
        return server.url() + path;
    }

    /** {@code ws://127.0.0.1:PORT} + path. */
    String ws(String path) {
        return "ws" + server.url().substring("http".length()) + path;
    }

    long publish(String topic, String data) {
        return server.publish(topic, data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until {@code GET /topics} counts {@code n} subscribers of {@code technique} on {@code topic}, so
     * a test publishes only once its client is really listening.
     */
    void awaitSubscribers(String topic, String technique, int n, Duration timeout) {
        Pattern p = Pattern.compile("\"topic\":\"" + Pattern.quote(topic) + "\"[^}]*\"subscribers\":\\{[^}]*\""
                + technique + "\":(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        String topics = "";
        while (System.nanoTime() < deadline) {
            topics = get("/topics");
            Matcher m = p.matcher(topics);
            if (m.find() && Integer.parseInt(m.group(1)) == n) return;
            sleep(20);
        }
        fail("topic " + topic + " did not reach " + n + " " + technique + " subscribers within " + timeout.toMillis()
                + "ms; /topics: " + topics);
    }

    /**
     * The body of a plain HTTP/1.1 GET, over a socket of its own (no client library, no threads left behind);
     * over TLS when the server has it, trusting its certificate.
     */
    String get(String path) {
        try (Socket s = config.tls() == null ? new Socket("127.0.0.1", port()) : tlsSocket()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? response : response.substring(body + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket tlsSocket() throws IOException {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", config.tls().identity().certificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory().createSocket("127.0.0.1", port());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void drain() {
        try {
            server.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        drain();
    }
}
