package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A test double for a technique's client, so that {@link Comparison} is tested alone: reads a text
 * stream line by line with the JDK's HttpURLConnection and reconnects 50 ms after it is cut. The real
 * runs use the library clients.
 */
final class LineClient implements Client {
    private final String url;
    private final ClientListener listener;
    private final Traffic traffic = new Traffic();
    private volatile boolean closed;

    LineClient(String url, ClientListener listener) {
        this.url = url;
        this.listener = listener;
    }

    @Override
    public void run() throws Exception {
        int attempt = 0;
        while (!closed) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                traffic.request();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                    listener.opened("connected", Map.of());
                    attempt = 0;
                    for (String line; (line = in.readLine()) != null; ) {
                        byte[] b = line.getBytes(StandardCharsets.UTF_8);
                        listener.message(Received.of(b, false, b.length + 1, Map.of()));
                    }
                }
            } catch (IOException e) {
                if (closed) return;
                listener.problem(e.getMessage());
            }
            if (closed) return;
            traffic.reconnection();
            listener.reconnecting(++attempt, 50);
            Thread.sleep(50);
        }
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }

    /** Only marks it closed: the run closes the relay, whose reset ends the read in flight. */
    @Override
    public void close() {
        closed = true;
    }
}
