package dev.rtc.client;

/**
 * A technique's client, runnable from code: made by its package's factory from the request options and
 * a {@link ClientListener}, then {@link #run} on a thread of the caller's, and {@link #close} from any
 * thread to stop it. {@code rtc compare} drives every technique through this; each subcommand adapts the
 * same listener to the printer.
 */
public interface Client extends AutoCloseable {
    /**
     * Connects and receives until the stream ends by itself and the client's own policy does not
     * reconnect (returns), until {@link #close} (returns), or until a failure it will not retry (throws,
     * with a message for a person).
     */
    void run() throws Exception;

    /** What the client has cost so far; readable while it runs. */
    Traffic traffic();

    /** Stops the run: cancels the request or closes the connection in flight; {@link #run} then returns. */
    @Override
    void close();
}
