package dev.rtc.http;

import dev.rtc.cli.ByteSizes;
import picocli.CommandLine.Option;

/** What poll and longpoll read from each response: {@code --cursor}, {@code --cursor-param}, {@code --each}, {@code --max-message-size}. */
public final class ResponseOptions {
    @Option(names = "--cursor", paramLabel = "JSON_POINTER",
            description = "Read this value from each JSON body (RFC 6901, e.g. /last_id) and send it as --cursor-param of the next request.")
    String cursor;

    @Option(names = "--cursor-param", paramLabel = "NAME", defaultValue = "since",
            description = "Query parameter that carries the cursor (default: ${DEFAULT-VALUE}).")
    String cursorParam;

    @Option(names = "--each", paramLabel = "JSON_POINTER",
            description = "Print each element of the array this pointer names in a JSON body (e.g. /messages) as one "
                    + "message, in compact JSON, instead of the whole body; an empty array prints nothing.")
    String each;

    @Option(names = "--max-message-size", paramLabel = "BYTES", converter = ByteSizes.class, defaultValue = "4MiB",
            description = "Longest response body to read, counted after gzip is undone (default: ${DEFAULT-VALUE}); "
                    + "a longer one is an error, and reading stops at the limit.")
    int maxMessageSize;

    public String cursor() {
        return cursor;
    }

    public String cursorParam() {
        return cursorParam;
    }

    public String each() {
        return each;
    }

    public long maxMessageSize() {
        return maxMessageSize;
    }
}
