package dev.rtc.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte counts as users write them: {@code 65536}, {@code 64KiB}, {@code 1MiB}, {@code 1m}. */
public final class ByteSizes implements ITypeConverter<Integer> {
    /** The largest size accepted: what fits a Java array. */
    public static final int MAX = Integer.MAX_VALUE - 8;
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Integer convert(String value) {
        Matcher m = SYNTAX.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size in bytes (examples: 65536, 64KiB, 1MiB)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        // Exact arithmetic: a number too large, or one that a unit pushes past the limit, is out of range
        // rather than wrapped around to something small (on longs: BigInteger's set-up costs start-up time).
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 0;
        };
        long bytes = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits) << shift;
        if (bytes < 1 || bytes > MAX) {
            throw new TypeConversionException("'" + value + "' is out of range (1 byte to 2 GiB)");
        }
        return (int) bytes;
    }
}
