package dev.rtc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as users write them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or bare seconds ({@code 1.5}). */
public final class Durations implements ITypeConverter<Duration> {
    /** The longest duration accepted. */
    public static final Duration MAX = Duration.ofDays(366);
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        Matcher m = SYNTAX.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration (examples: 250ms, 5s, 2m, 1h, or a number of seconds)");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millisPerUnit = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        BigDecimal millis = amount.multiply(BigDecimal.valueOf(millisPerUnit));
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new TypeConversionException("'" + value + "' is not a whole number of milliseconds");
        }
        // Refused rather than wrapped: nothing that rtc waits for is sensibly longer than a year.
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            throw new TypeConversionException("'" + value + "' is too long (at most " + format(MAX) + ")");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /** The inverse, for messages and defaults: {@code 1500ms}, {@code 15s}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
