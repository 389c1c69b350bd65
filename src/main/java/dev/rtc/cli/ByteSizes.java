package dev.rtc.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte counts as users write them: {@code 65536}, {@code 64KiB}, {@code 1MiB}, {@code 1m}. */
public final class ByteSizes implements ITypeConverter<Integer> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Integer convert(String value) {
        Matcher m = SYNTAX.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size in bytes (examples: 65536, 64KiB, 1MiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit.charAt(0)) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
            throw new TypeConversionException("'" + value + "' is out of range (1 byte to 2 GiB)");
        }
        return (int) bytes;
    }
}
