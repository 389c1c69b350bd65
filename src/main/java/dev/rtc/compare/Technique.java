package dev.rtc.compare;

import java.util.Locale;

/**
 * The six techniques of the seed article's table, in its order, with the words it rates them by (its
 * "real-time" and "reconnection" rows, translated from Korean; the original beside them for --json), and
 * what each promises a subscriber: whether it resumes after a lost connection without losing messages.
 */
enum Technique {
    POLL(true, "low", "낮음", "a connection per request", "요청마다 연결"),
    LONGPOLL(true, "medium", "중간", "a separate request", "별도의 요청"),
    STREAM(false, "high", "높음", "needs logic of its own", "별도의 로직 필요"),
    SSE(true, "high", "높음", "automatic (EventSource API)", "자동 (EventSource API)"),
    WS(false, "very high", "매우 높음", "built in (WebSocket protocol)", "내장 (WebSocket 프로토콜)"),
    PEER(false, "very high", "매우 높음", "needs logic of its own", "별도의 로직 필요");

    /** Resumes from a cursor or Last-Event-ID after a cut, so it must lose nothing even under --chaos. */
    final boolean resumes;
    final String seedRealTime;
    final String seedRealTimeOriginal;
    final String seedReconnection;
    final String seedReconnectionOriginal;

    Technique(boolean resumes, String seedRealTime, String seedRealTimeOriginal, String seedReconnection,
            String seedReconnectionOriginal) {
        this.resumes = resumes;
        this.seedRealTime = seedRealTime;
        this.seedRealTimeOriginal = seedRealTimeOriginal;
        this.seedReconnection = seedReconnection;
        this.seedReconnectionOriginal = seedReconnectionOriginal;
    }

    /** The subcommand's name: {@code poll}, {@code longpoll}, … */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Two-way techniques: their upstream (client → other client) is measured too. */
    boolean twoWay() {
        return this == WS || this == PEER;
    }

    static Technique of(String id) {
        for (Technique t : values()) {
            if (t.id().equals(id.trim().toLowerCase(Locale.ROOT))) return t;
        }
        return null;
    }

    static String ids() {
        StringBuilder sb = new StringBuilder();
        for (Technique t : values()) sb.append(sb.isEmpty() ? "" : ",").append(t.id());
        return sb.toString();
    }
}
