package dev.rtc.serve;

import io.netty.util.concurrent.EventExecutor;

/** A connection waiting for a topic's messages. {@link #deliver} always runs on {@link #executor()}. */
interface Subscriber {
    Technique technique();

    EventExecutor executor();

    void deliver(Message message);

    /** Several messages at once, in id order; a subscriber that can should write and flush them together. */
    default void deliver(Batch batch) {
        for (Message m : batch.messages) deliver(m);
    }
}
