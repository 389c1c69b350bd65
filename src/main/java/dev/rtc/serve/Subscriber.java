package dev.rtc.serve;

import io.netty.util.concurrent.EventExecutor;

/** A connection waiting for a topic's messages. {@link #deliver} always runs on {@link #executor()}. */
interface Subscriber {
    Technique technique();

    EventExecutor executor();

    void deliver(Message message);

    /** With --redis, the topic's ids restarted (a new epoch): end so that the client resumes and sees the gap. */
    default void restart() {}

    /** Several messages at once, in id order; a subscriber that can should write and flush them together. */
    default void deliver(Batch batch) {
        for (Message m : batch.messages) deliver(m);
    }
}
