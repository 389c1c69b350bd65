package dev.rtc.ws;

/**
 * Where typed or piped input goes: the client's connection, or every client of {@code -l}. Sending may
 * wait (for the connection to open, or for the socket to drain) but never drops a message.
 */
interface Outbox {
    /** Sends {@code message}, waiting as needed; false when the run ended before it could be sent. */
    boolean text(String message) throws InterruptedException;

    /** As {@link #text}, a binary message. */
    boolean binary(byte[] message) throws InterruptedException;

    /** A ping with {@code data} as its payload, held like a message until open; the pong is reported with its round-trip time. */
    void ping(byte[] data) throws InterruptedException;

    /** Starts the close handshake with {@code code} and {@code reason}; the run ends when it completes. */
    void close(int code, String reason);

    /** stdin has ended: what happens next is the outbox's decision. */
    void endOfInput() throws InterruptedException;

    /** /quit or Ctrl-D at the prompt: end the run now, cleanly. */
    void quit();
}
