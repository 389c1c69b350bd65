package dev.rtc.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as users write them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or bare seconds ({@code 1.5}). */
public final class Durations implements ITypeConverter<Duration> {
    /** The longest duration accepted. */
    public static final Duration MAX = Duration.ofDays(366);
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)(?:\\.(\\d+))?(ms|s|m|h)?");

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
        String unit = m.group(3) == null ? "s" : m.group(3);
        long millisPerUnit = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        // Exact arithmetic on longs (BigDecimal's class set-up alone costs a short-lived rtc milliseconds).
        // Refused rather than wrapped: nothing that rtc waits for is sensibly longer than a year.
        String whole = m.group(1).replaceFirst("^0+(?=.)", "");
        if (whole.length() > 12 || Long.parseLong(whole) * millisPerUnit > MAX.toMillis()) throw tooLong(value);
        long millis = Long.parseLong(whole) * millisPerUnit;
        String fraction = m.group(2) == null ? "" : m.group(2).replaceFirst("0+$", "");
        if (!fraction.isEmpty()) {
            // A fraction is a whole number of milliseconds only when fraction × unit ÷ 10^digits is whole,
            // which no more than 7 significant digits can be with these units.
            if (fraction.length() > 7) throw notWhole(value);
            long scaled = Long.parseLong(fraction) * millisPerUnit;
            long divisor = (long) Math.pow(10, fraction.length());
            if (scaled % divisor != 0) throw notWhole(value);
            millis += scaled / divisor;
            if (millis > MAX.toMillis()) throw tooLong(value);
        }
        return Duration.ofMillis(millis);
    }

    private static TypeConversionException notWhole(String value) {
        return new TypeConversionException("'" + value + "' is not a whole number of milliseconds");
    }

    private static TypeConversionException tooLong(String value) {
        return new TypeConversionException("'" + value + "' is too long (at most " + format(MAX) + ")");
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
