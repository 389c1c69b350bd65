package dev.rtc.serve;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/** A connection waiting for a topic's messages. {@link #deliver} always runs on {@link #executor()}. */
interface Subscriber {
    Technique technique();

    EventExecutor executor();

    void deliver(Message message);

    /** Several messages at once, in id order; a subscriber that can should flush once for all of them. */
    default void deliver(List<Message> messages) {
        for (Message m : messages) deliver(m);
    }
}
