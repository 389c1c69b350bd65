package dev.rtc.http;

import picocli.CommandLine.Option;

/** {@code --cursor} and {@code --cursor-param}, shared by poll and longpoll. */
public final class CursorOptions {
    @Option(names = "--cursor", paramLabel = "JSON_POINTER",
            description = "Read this value from each JSON body (RFC 6901, e.g. /last_id) and send it as --cursor-param of the next request.")
    String pointer;

    @Option(names = "--cursor-param", paramLabel = "NAME", defaultValue = "since",
            description = "Query parameter that carries the cursor (default: ${DEFAULT-VALUE}).")
    String param;

    /** The cursor the options describe; null without {@code --cursor}; a usage error for a malformed pointer. */
    public Cursor cursor() {
        return Cursor.of(pointer, param);
    }
}
