package dev.rtc.serve;

import java.util.Locale;

/** The subscriber techniques, in the order SPEC.md lists them (and {@code /topics} and {@code /metrics} show them). */
public enum Technique {
    POLL, LONGPOLL, STREAM, SSE, WS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
