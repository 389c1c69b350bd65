package dev.rtc.http;

import java.util.List;
import okhttp3.Protocol;

/**
 * Which HTTP version a session offers ({@code --http2}, {@code --http1.1}, or neither), as curl reads those
 * options: over https:// the choice is made in the TLS handshake (ALPN), over http:// HTTP/2 can only be
 * spoken with prior knowledge, since OkHttp does not do the {@code Upgrade: h2c} dance.
 */
public enum HttpVersion {
    /** OkHttp's default: h2 and http/1.1 offered through ALPN over https://, HTTP/1.1 over http://. */
    DEFAULT,
    /** HTTP/1.1 only, over either scheme. */
    HTTP_1_1,
    /** h2 offered through ALPN (HTTP/1.1 if the server declines) over https://; prior knowledge over http://. */
    HTTP_2;

    /** The protocols OkHttp should offer for a URL of this scheme. */
    List<Protocol> protocols(boolean https) {
        return switch (this) {
            case DEFAULT, HTTP_2 -> https ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                    : this == HTTP_2 ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_1_1);
            case HTTP_1_1 -> List.of(Protocol.HTTP_1_1);
        };
    }

    /** Whether a plain http:// URL is spoken to in HTTP/2 from its first byte. */
    boolean priorKnowledge(boolean https) {
        return this == HTTP_2 && !https;
    }

    /** What a session with this choice speaks to a URL of this scheme, in words (compare's conditions). */
    public String words(boolean https) {
        return switch (this) {
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> https ? "HTTP/2 (ALPN)" : "HTTP/2 (prior knowledge)";
            case DEFAULT -> https ? "HTTP/2 or HTTP/1.1 (ALPN)" : "HTTP/1.1";
        };
    }
}
