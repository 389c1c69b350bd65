package dev.rtc.ws;

import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.StopConditions;
import dev.rtc.websocket.WsClient;
import java.time.Duration;

/** Typed or piped input to a {@link WsClient}: held until a connection opens, never dropped. */
final class ClientOutbox implements Outbox {
    private final WsClient client;
    private final StopConditions stop;
    private final Duration wait;

    ClientOutbox(WsClient client, StopConditions stop, Duration wait) {
        this.client = client;
        this.stop = stop;
        this.wait = wait;
    }

    @Override
    public boolean text(String message) throws InterruptedException {
        return client.send(message);
    }

    @Override
    public boolean binary(byte[] message) throws InterruptedException {
        return client.send(message);
    }

    @Override
    public void ping(byte[] data) throws InterruptedException {
        client.ping(data);
    }

    /** The close handshake with {@code code}, then the end of the run once it completes. */
    @Override
    public void close(int code, String reason) {
        client.close(code, reason);
        stop.finish(ExitCodes.OK);
    }

    @Override
    public void endOfInput() throws InterruptedException {
        if (stop.awaitsMessages()) return; // --count or --until decides, or --timeout
        if (!client.awaitOpened()) return;
        Thread.sleep(wait.toMillis());
        stop.finish(ExitCodes.OK);
    }

    @Override
    public void quit() {
        stop.finish(ExitCodes.OK); // the run closes the connection cleanly with 1000
    }
}
