package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static final Pattern WEBRTC = Pattern.compile("libwebrtc-java-(linux|macos)-(x86_64|aarch64)\\.(so|dylib)");

    @Test
    void everyResourceTheImageIncludesExists() throws IOException {
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertNotNull(in, CONFIG);
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<?> includes = (List<?>) JsonReader.pointer(JsonReader.parse(json), "/resources/includes");
        assertFalse(includes.isEmpty());
        int webrtcLibraries = 0;
        for (Object include : includes) {
            String pattern = (String) ((Map<?, ?>) include).get("pattern");
            Matcher m = LITERAL.matcher(pattern);
            assertTrue(m.matches(), "a literal \\Q...\\E pattern: " + pattern);
            String name = m.group(1);
            Matcher webrtc = WEBRTC.matcher(name);
            if (webrtc.matches()) {
                // Each platform's build holds its own library; the other names must be that one's siblings.
                assertEquals(webrtc.group(1).equals("linux") ? "so" : "dylib", webrtc.group(3), name);
                webrtcLibraries++;
            } else {
                assertNotNull(getClass().getClassLoader().getResource(name), "on the class path: " + name);
            }
        }
        assertEquals(4, webrtcLibraries, "webrtc-java's library for linux and macOS on x86_64 and aarch64");
        assertNotNull(getClass().getClassLoader().getResource("libwebrtc-java-linux-x86_64.so"), "this platform's library");
    }
}
