package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Consecutive messages of one topic going to the same subscribers in one drain of an event loop. Shared by
 * those subscribers: each technique's wire form of the whole batch is built once, on first use, so a
 * stream or SSE subscriber gets the batch as a single chunk (one write, one chunk header) however many
 * messages it holds. The forms live as long as the batch, not as long as the history (see {@link Message}).
 */
final class Batch {
    final List<Message> messages;
    private byte[] textLines;
    private byte[] jsonLines;
    private byte[] sseEvents;
    /** The HTTP/2 connections to flush once the drain that made this batch has delivered it; null: flush at once. */
    private final Set<Channel> connections;

    Batch(List<Message> messages) {
        this(messages, null);
    }

    Batch(List<Message> messages, Set<Channel> connections) {
        this.messages = messages;
        this.connections = connections;
    }

    /**
     * Flushes what was written to {@code ch} for this batch. An HTTP/2 stream's connection is flushed once
     * after the drain, not once per stream: a hundred subscribers on one connection cost one write to the
     * socket instead of a hundred (Netty flushes a stream's connection on every stream flush outside a read).
     */
    void flush(Channel ch) {
        if (connections != null && ch instanceof Http2StreamChannel stream) {
            connections.add(stream.parent());
        } else {
            ch.flush();
        }
    }

    byte[] textLines() {
        byte[] b = textLines;
        if (b == null) textLines = b = concat(Message::textLine);
        return b;
    }

    byte[] jsonLines() {
        byte[] b = jsonLines;
        if (b == null) jsonLines = b = concat(Message::jsonLine);
        return b;
    }

    byte[] sseEvents() {
        byte[] b = sseEvents;
        if (b == null) sseEvents = b = concat(Message::sseEvent);
        return b;
    }

    private byte[] concat(Function<Message, byte[]> form) {
        if (messages.size() == 1) return form.apply(messages.get(0));
        byte[][] parts = new byte[messages.size()][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) length += (parts[i] = form.apply(messages.get(i))).length;
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
