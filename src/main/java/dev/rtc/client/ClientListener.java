package dev.rtc.client;

import java.util.Map;

/**
 * What a technique's client tells whoever runs it, modelled on OkHttp's {@code EventSourceListener}. Every
 * call comes from the client's own thread, one at a time and in order, so an implementation needs no
 * locking of its own; it must return quickly (the client reads nothing while it runs). A client ends its
 * run by returning (the stream ended, or it was closed from another thread) or by throwing (a failure it
 * will not retry); {@link #problem} is for failures it survives.
 */
public interface ClientListener {
    /**
     * A connection is open, or a first response arrived: {@code description} is a line for a person
     * ("connected to ws://…"), {@code fields} the technique's details for a machine (url, protocol, …).
     */
    default void opened(String description, Map<String, ?> fields) {}

    /** A message arrived. {@code message}'s bytes are valid only during the call: copy what you keep. */
    void message(Received message);

    /**
     * A burst of messages that one read brought is over: a listener that holds output back while they
     * arrive passes it on now. Clients that read one message at a time may never call it.
     */
    default void flush() {}

    /** The connection ended normally; {@code code} and {@code reason} where the technique has them (WebSocket). */
    default void closed(Integer code, String reason) {}

    /** The client will try again after {@code delayMs}: attempt 1 is the first retry since the last success. */
    default void reconnecting(int attempt, long delayMs) {}

    /**
     * Something the user should know that is no failure (a cursor the response did not carry, an empty
     * body not printed): one line for a person, never a record among the data.
     */
    default void warning(String message) {}

    /** A failure the client survives (an HTTP error it retries, a lost connection): one line for a person. */
    default void problem(String message) {}
}
