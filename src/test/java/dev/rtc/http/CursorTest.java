package dev.rtc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class CursorTest {
    private final List<String> warnings = new ArrayList<>();
    private final HttpUrl base = HttpUrl.get("http://h/poll/t?limit=5&since=9");

    private void update(Cursor c, String body) {
        Object root;
        try {
            root = dev.rtc.json.JsonReader.parse(body);
        } catch (IllegalArgumentException e) {
            c.update(null, e.getMessage(), warnings::add);
            return;
        }
        c.update(root, null, warnings::add);
    }

    @Test
    void numbersStayIntegersAndReplaceTheParameter() {
        Cursor c = Cursor.of("/last_id", "since");
        assertEquals(base, c.apply(base), "no value yet: the URL as given");

        update(c, "{\"last_id\":12}");
        assertEquals("http://h/poll/t?limit=5&since=12", c.apply(base).toString());
        update(c, "{\"last_id\":1e2}");
        assertEquals("100", c.value());
        update(c, "{\"last_id\":\"a b&c\"}");
        assertEquals("http://h/poll/t?limit=5&since=a%20b%26c", c.apply(base).toString());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aMissingValueIsWarnedOnceUntilItComesBack() {
        Cursor c = Cursor.of("/next", "after");
        update(c, "{\"next\":1}");
        update(c, "{}");
        update(c, "{\"next\":null}");
        assertNull(c.value());
        assertEquals(base, c.apply(base));
        update(c, "{\"next\":2}");
        update(c, "{\"next\":{}}");

        assertEquals(List.of(
                "--cursor /next is not in the response; the next request goes without after",
                "--cursor /next names an object or array, not a value; the next request goes without after"), warnings);
    }
}
