package dev.rtc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizesTest {
    private final ByteSizes sizes = new ByteSizes();

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "65536, 65536",
        "1, 1",
        "512b, 512",
        "64KiB, 65536",
        "64k, 65536",
        "64kb, 65536",
        "1MiB, 1048576",
        "1m, 1048576",
        "1MB, 1048576",
        "' 2 KiB ', 2048",
    })
    void parsesTheSizesUsersWrite(String text, int bytes) {
        assertEquals(bytes, sizes.convert(text));
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "big", "-1", "1.5MiB", "1GiB", "1 TB"})
    void rejectsWhatIsNotASize(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> sizes.convert(text));

        assertEquals("'" + text + "' is not a size in bytes (examples: 65536, 64KiB, 1MiB)", e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is out of range")
    @ValueSource(strings = {"0", "2048m", "99999999999", "17592186044417m", "99999999999999999999999", "9223372036854775807k"})
    void rejectsSizesOutOfRange(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> sizes.convert(text));

        assertEquals("'" + text + "' is out of range (1 byte to 2 GiB)", e.getMessage());
    }
}
