package dev.rtc.peer;

import java.util.ArrayDeque;

/**
 * What the channel delivered, waiting for the listener (stdout). Between two rtc peers the sender never has
 * more than {@link CreditWindow#WINDOW} bytes outstanding, so the inbox stays within it. From a peer that
 * is not rtc nothing limits the sender; when the window is full the channel's callback waits, which slows
 * webrtc's signalling thread but not its network thread: libwebrtc goes on queueing.
 */
final class Inbox {
    /** One thing the run loop reacts to, in order. */
    sealed interface Item permits Message, LocalEnd, Closed, Stopped {}

    /** A message, with {@link System#nanoTime()} when the channel handed it over. */
    record Message(byte[] data, boolean binary, long receivedNanos) implements Item {}

    /** This side has sent everything (stdin ended, or the file went out). */
    record LocalEnd() implements Item {}

    /** The channel closed ({@code failure} null) or the connection failed. */
    record Closed(String failure) implements Item {}

    /** The run was stopped from outside (a stop condition, --timeout, a signal, close()). */
    record Stopped() implements Item {}

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private long bytes;

    synchronized void put(Item item) {
        items.add(item);
        notifyAll();
    }

    /** A received message: waits while the window is full, unless the run is over. */
    synchronized void message(byte[] data, boolean binary) {
        long now = System.nanoTime();
        try {
            while (bytes >= CreditWindow.WINDOW && !items.isEmpty()) wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bytes += data.length;
        items.add(new Message(data, binary, now));
        notifyAll();
    }

    synchronized Item take() throws InterruptedException {
        while (items.isEmpty()) wait();
        Item item = items.poll();
        if (item instanceof Message m) {
            bytes -= m.data.length;
            notifyAll();
        }
        return item;
    }

    /** Whether the window is full, so the channel's callback (webrtc's network thread) is waiting for stdout. */
    synchronized boolean full() {
        return bytes >= CreditWindow.WINDOW;
    }

    synchronized boolean isEmpty() {
        return items.isEmpty();
    }
}
