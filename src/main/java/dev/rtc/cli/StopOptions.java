package dev.rtc.cli;

import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The stop conditions every client shares: {@code -n/--count}, {@code --until}, {@code --timeout}. */
public final class StopOptions {
    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Exit 0 after N messages.")
    Integer count;

    @Option(names = "--until", paramLabel = "REGEX",
            description = "Exit 0 after the first message whose data matches REGEX (searched, not anchored).")
    Pattern until;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Overall deadline; exit 3 when it passes first.")
    Duration timeout;

    public StopConditions start() {
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1, got " + count);
        }
        return new StopConditions(count, until, timeout);
    }
}
