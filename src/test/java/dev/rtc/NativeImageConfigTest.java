package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No GraalVM here to build the image, but what rtc's own native-image files name can be checked: every
 * resource resource-config.json lists is on the class path (a renamed file would otherwise only show as a
 * failure of the native binary at run time).
 */
class NativeImageConfigTest {
    private static final String CONFIG = "META-INF/native-image/dev.rtc/rtc/resource-config.json";
    private static final Pattern LITERAL = Pattern.compile("\\\\Q(.*)\\\\E");

    @Test
    void everyResourceTheImageIncludesExists() throws IOException {
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertNotNull(in, CONFIG);
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<?> includes = (List<?>) JsonReader.pointer(JsonReader.parse(json), "/resources/includes");
        assertFalse(includes.isEmpty());
        for (Object include : includes) {
            String pattern = (String) ((Map<?, ?>) include).get("pattern");
            Matcher m = LITERAL.matcher(pattern);
            assertTrue(m.matches(), "a literal \\Q...\\E pattern: " + pattern);
            assertNotNull(getClass().getClassLoader().getResource(m.group(1)), "on the class path: " + m.group(1));
        }
    }
}
