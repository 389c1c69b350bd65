package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A held connection that receives a topic's messages (stream, SSE, WebSocket): registers with the topic,
 * sends the backlog, then each message as it is published. A subscriber whose unsent data passes
 * {@code --max-pending} is disconnected with a logged reason rather than buffered without bound; it can
 * resume from its last id.
 */
abstract class Subscription implements Subscriber {
    final Exchange ex;
    final Channel ch;
    final String name;
    /** Set by {@link #register}. */
    Topic topic;
    private final Technique technique;
    private final long openedNanos = System.nanoTime();
    private long delivered;
    /** Messages not written yet because the client had not read what went before: the backlog first. */
    private final ArrayDeque<Message> unsent = new ArrayDeque<>();
    private long unsentBytes;
    private long unsentLimit;
    /** The highest id sent or queued (or the client's since): anything at or below it is not sent again. */
    private long floor = -1;
    /** With --redis, while the backlog is read from Redis: live messages wait here, behind it. */
    private List<Message> held;

    Subscription(Exchange ex, String name, Technique technique) {
        this.ex = ex;
        this.ch = ex.ctx.channel();
        this.name = name;
        this.technique = technique;
    }

    @Override
    public Technique technique() {
        return technique;
    }

    @Override
    public EventExecutor executor() {
        return ch.eventLoop();
    }

    /**
     * Joins the topic (creating it if need be: a 503 when {@code --max-topics} forbids, before anything was
     * written) and returns what to send first. Call on the channel's event loop, write the response head and
     * pass the backlog to {@link #send} in the same task: live messages reach this channel as tasks on its
     * loop, so they follow whatever this task writes.
     */
    final Topic.Backlog register(Long since) {
        Hub.Joined joined = ex.server.hub.subscribe(name, this, since);
        opened(joined.topic());
        return joined.backlog();
    }

    /**
     * {@link #register}, then {@code ready} with the backlog on this loop: at once, or with --redis once Redis
     * answered when this instance's history does not cover {@code since} (in {@code epoch}); a 503 when
     * Redis cannot answer. Write the head and {@link #send} the backlog in {@code ready}.
     */
    final void join(Long since, String epoch, java.util.function.Consumer<Topic.Backlog> ready) {
        SharedSpace shared = ex.server.hub.shared;
        if (shared == null) {
            ready.accept(register(since));
            return;
        }
        held = new ArrayList<>();
        shared.join(name, this, since, epoch, this::opened, (backlog, err) -> {
            if (err != null) {
                held = null;
                SharedSpace.respondUnavailable(ex, err);
                return;
            }
            floor = backlog.reset() ? 0 : since == null ? -1 : since;
            ready.accept(backlog);
        });
    }

    private void opened(Topic t) {
        Metrics metrics = ex.server.metrics;
        topic = t;
        ex.server.hold(ch, this::drain);
        metrics.subscribersOpen.get(technique).increment();
        ch.closeFuture().addListener(f -> {
            ex.server.hub.unsubscribe(topic, this);
            metrics.subscribersOpen.get(technique).decrement();
            ex.log(technique.label(), String.format("closed after %.1fs, %d messages",
                    (System.nanoTime() - openedNanos) / 1e9, delivered));
        });
    }

    @Override
    public void restart() {
        drain();
    }

    /**
     * Sends the backlog as fast as the client reads it, not all at once: a since=0 on a large history would
     * otherwise put a copy of all of it in this connection's outbound buffer. What is published meanwhile
     * waits behind it, in order; a client that lets more than {@code --max-pending} bytes of those pile up
     * on top of its backlog is a slow subscriber.
     */
    final void send(Topic.Backlog backlog) {
        for (Message m : backlog.messages()) queue(m);
        if (held != null) {
            for (Message m : held) queue(m);
            held = null;
        }
        unsentLimit = unsentBytes + ex.server.config.maxPending();
        if (!unsent.isEmpty()) ch.pipeline().addLast(new Pump());
        pump();
    }

    private void queue(Message m) {
        if (m.id <= floor) return;
        floor = m.id;
        unsent.add(m);
        unsentBytes += m.data.length;
    }

    /** Writes what waits while the socket takes it, in runs of at most half --max-pending; flushes once. */
    private void pump() {
        long runBytes = Math.max(1, ex.server.config.maxPending() / 2);
        while (!unsent.isEmpty() && ch.isActive()) {
            if (!ch.isWritable()) ch.flush();
            if (!ch.isWritable()) break; // Pump goes on when the client has read
            List<Message> run = new ArrayList<>();
            long bytes = 0;
            while (!unsent.isEmpty() && run.size() < Topic.MAX_BATCH && (run.isEmpty() || bytes + unsent.peek().data.length <= runBytes)) {
                Message m = unsent.poll();
                unsentBytes -= m.data.length;
                bytes += m.data.length;
                run.add(m);
            }
            write(new Batch(run));
        }
        ch.flush();
    }

    /** Resumes the backlog each time the connection can take more. */
    private final class Pump extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ch.isWritable()) pump();
            ctx.fireChannelWritabilityChanged();
        }
    }

    @Override
    public final void deliver(Message m) {
        deliver(new Batch(List.of(m)));
    }

    /** Writes the batch and flushes once: one syscall for the batch instead of one per message. */
    @Override
    public final void deliver(Batch batch) {
        if (!ch.isActive()) return;
        if (held != null) {
            held.addAll(batch.messages);
            return;
        }
        if (batch.messages.get(0).id <= floor) {
            // --redis: a live message the backlog from Redis already carried.
            List<Message> fresh = new ArrayList<>();
            for (Message m : batch.messages) if (m.id > floor) fresh.add(m);
            if (fresh.isEmpty()) return;
            batch = new Batch(fresh);
        }
        if (!unsent.isEmpty()) {
            // Behind a backlog still being sent.
            for (Message m : batch.messages) queue(m);
            if (unsentBytes > unsentLimit) {
                dropSlow(unsent.peek().id - 1);
            } else {
                pump();
            }
            return;
        }
        // Give the socket what is queued before judging: the kernel may have drained since the last flush.
        if (!ch.isWritable()) ch.flush();
        if (!ch.isWritable()) {
            dropSlow(batch.messages.get(0).id - 1);
            return;
        }
        floor = batch.messages.get(batch.messages.size() - 1).id;
        write(batch);
        batch.flush(ch);
    }

    private void dropSlow(long resumeSince) {
        ex.server.metrics.slowDisconnects.increment();
        ex.server.log.note("dropped slow " + technique.label() + " subscriber "
                + AccessLog.address(ch.remoteAddress()) + " on topic " + name + ": more than "
                + ex.server.config.maxPending() + " bytes unsent (resume with since=" + resumeSince + ")");
        unsent.clear();
        ch.close();
    }

    private void write(Batch batch) {
        for (Object out : encode(batch)) ch.write(out, ch.voidPromise());
        delivered += batch.messages.size();
        ex.server.metrics.delivered.get(technique).add(batch.messages.size());
    }

    /** The batch as this technique frames it: one chunk (stream, SSE) or a WebSocket frame per message. */
    abstract List<?> encode(Batch batch);

    /** Ends the connection politely when the server drains. */
    abstract void drain();
}
