package dev.rtc.serve;

import dev.rtc.cli.Durations;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /longpoll/{topic}?since=ID&timeout=DURATION}: the poll body as soon as there is a message
 * after {@code since} (without it: the next new one), or 204 when the timeout passes first.
 */
final class LongPollRoute {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private LongPollRoute() {}

    static void handle(Exchange ex) {
        String name = ex.topicSegment(1);
        Long since = ex.idParam("since");
        Duration timeout = timeout(ex.param("timeout"));
        new Waiter(ex, name).start(since, ex.param("epoch"), timeout);
    }

    private static Duration timeout(String value) {
        if (value == null) return DEFAULT_TIMEOUT;
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (RuntimeException e) {
            throw new Exchange.BadRequest("timeout: " + e.getMessage());
        }
        if (d.compareTo(MAX_TIMEOUT) > 0) {
            throw new Exchange.BadRequest("timeout: at most " + Durations.format(MAX_TIMEOUT) + ", got " + value);
        }
        return d;
    }

    /** One waiting request; answers once, by message, timeout, drain or not at all if the client left. */
    private static final class Waiter implements Subscriber {
        private final Exchange ex;
        private final String name;
        private Topic topic;
        private final Channel ch;
        private ScheduledFuture<?> timer;
        private boolean answered;
        /** With --redis, while the backlog is read from Redis: what arrived meanwhile. */
        private List<Message> held;
        private long floor = -1;

        Waiter(Exchange ex, String name) {
            this.ex = ex;
            this.name = name;
            this.ch = ex.ctx.channel();
        }

        @Override
        public Technique technique() {
            return Technique.LONGPOLL;
        }

        @Override
        public EventExecutor executor() {
            return ch.eventLoop();
        }

        void start(Long since, String epoch, Duration timeout) {
            SharedSpace shared = ex.server.hub.shared;
            if (shared == null) {
                Hub.Joined joined = ex.server.hub.subscribe(name, this, since);
                topic = joined.topic();
                waitFor(joined.backlog(), timeout);
                return;
            }
            held = new java.util.ArrayList<>();
            shared.join(name, this, since, epoch, t -> topic = t, (backlog, err) -> {
                List<Message> arrived = held;
                held = null;
                if (err != null) {
                    answered = true;
                    SharedSpace.respondUnavailable(ex, err);
                    return;
                }
                floor = backlog.reset() ? 0 : since == null ? -1 : since;
                List<Message> all = new java.util.ArrayList<>(backlog.messages());
                long last = all.isEmpty() ? floor : all.get(all.size() - 1).id;
                for (Message m : arrived) if (m.id > last) all.add(m);
                waitFor(new Topic.Backlog(all, backlog.missed(), backlog.lastId(), backlog.epoch(), backlog.reset()), timeout);
            });
        }

        private void waitFor(Topic.Backlog backlog, Duration timeout) {
            if (!backlog.messages().isEmpty() || backlog.missed() > 0) {
                ex.server.hub.unsubscribe(topic, this);
                answer(backlog, false);
                return;
            }
            ex.server.metrics.subscribersOpen.get(Technique.LONGPOLL).increment();
            ex.server.hold(ch, () -> answerEmpty(true));
            timer = ch.eventLoop().schedule(() -> answerEmpty(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(f -> finish());
        }

        @Override
        public void deliver(Message m) {
            if (held != null) {
                held.add(m);
                return;
            }
            if (answered || m.id <= floor) return;
            answer(new Topic.Backlog(List.of(m), 0, m.id, m.epoch, false), false);
        }

        private void answerEmpty(boolean draining) {
            if (answered) return;
            finish();
            FullHttpResponse r = ex.response(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
            if (draining) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            respond(r, draining);
        }

        private void answer(Topic.Backlog b, boolean draining) {
            if (answered) return;
            finish();
            PollRoute.Page page = PollRoute.page(name, b);
            ex.server.metrics.delivered.get(Technique.LONGPOLL).add(page.messages());
            FullHttpResponse r = ex.response(HttpResponseStatus.OK, "application/json", page.body());
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            PollRoute.missedHeader(r, b);
            respond(r, draining);
        }

        private void respond(FullHttpResponse r, boolean close) {
            if (!ch.isActive()) return;
            ex.respond(r);
            if (close) ch.close();
        }

        /** Stops waiting: leaves the topic, cancels the timer, frees the connection for its next request. */
        private void finish() {
            if (answered) return;
            answered = true;
            ex.server.hub.unsubscribe(topic, this);
            if (timer != null) {
                timer.cancel(false);
                ex.server.metrics.subscribersOpen.get(Technique.LONGPOLL).decrement();
                ex.server.release(ch);
            }
        }
    }
}
