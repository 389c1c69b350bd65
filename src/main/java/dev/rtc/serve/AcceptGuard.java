package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On the listening socket, in front of Netty's acceptor: a connection past {@code --max-connections} is
 * closed at once, before it gets a pipeline, and a failing accept (no descriptor left, say) pauses
 * accepting for a moment, then tries again, doubling the pause while it keeps failing. The failure is not
 * passed on: Netty would log it through java.util.logging, whose first use opens files (its configuration,
 * the time-zone database), and an error there ended the accepting loop for good.
 */
@Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {
    static final long FIRST_PAUSE_MS = 10;
    static final long MAX_PAUSE_MS = 1_000;
    /** At most one log line per this many nanoseconds about refusals or accept failures. */
    private static final long NOTE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ServerState state;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    // Touched on the listening socket's loop only.
    private long pauseMs = FIRST_PAUSE_MS;
    private long lastNoteNanos = System.nanoTime() - NOTE_EVERY_NANOS;
    private long unnoted;

    AcceptGuard(ServerState state) {
        this.state = state;
        this.max = state.config.limits().maxConnections();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        pauseMs = FIRST_PAUSE_MS;
        if (open.get() >= max) {
            child.unsafe().closeForcibly();
            state.metrics.refused(Metrics.Refusal.MAX_CONNECTIONS);
            note("refused", "connection(s) over --max-connections " + max);
            return;
        }
        open.incrementAndGet();
        child.closeFuture().addListener(f -> open.decrementAndGet());
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        state.metrics.acceptErrors.increment();
        Channel listener = ctx.channel();
        if (listener.config().isAutoRead()) {
            listener.config().setAutoRead(false);
            long pause = pauseMs;
            pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
            listener.eventLoop().schedule(() -> listener.config().setAutoRead(true), pause, TimeUnit.MILLISECONDS);
            note("failed to accept", "connection(s) (" + cause.getMessage() + "); pausing accepts for " + pause + "ms");
        }
    }

    /** Open connections, as counted at accept. */
    int open() {
        return open.get();
    }

    private void note(String what, String detail) {
        unnoted++;
        long now = System.nanoTime();
        if (now - lastNoteNanos < NOTE_EVERY_NANOS) return;
        lastNoteNanos = now;
        state.log.note(what + " " + unnoted + " " + detail);
        unnoted = 0;
    }
}
