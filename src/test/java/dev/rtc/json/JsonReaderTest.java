package dev.rtc.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() {
        Object v = JsonReader.parse(" {\"a\":[1,-2.5e3,true,false,null],\"s\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\",\"o\":{}} ");

        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null), m.get("a"));
        assertEquals("q\"\\/\b\f\n\r\té", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"a", "\"\\x\"", "{} x", "'a'", "\"\u0001\""})
    void rejectsWhatIsNotJson(String text) {
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(text));
    }

    @Test
    void pointersFollowRfc6901() {
        Object doc = JsonReader.parse("{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"m~n\":8,\"k\":{\"x\":null}}");

        assertSame(doc, JsonReader.pointer(doc, ""));
        assertEquals(List.of("bar", "baz"), JsonReader.pointer(doc, "/foo"));
        assertEquals("bar", JsonReader.pointer(doc, "/foo/0"));
        assertEquals(new BigDecimal("0"), JsonReader.pointer(doc, "/"));
        assertEquals(new BigDecimal("1"), JsonReader.pointer(doc, "/a~1b"));
        assertEquals(new BigDecimal("8"), JsonReader.pointer(doc, "/m~0n"));
        assertEquals(null, JsonReader.pointer(doc, "/k/x"));
        assertSame(JsonReader.ABSENT, JsonReader.pointer(doc, "/foo/2"));
        assertSame(JsonReader.ABSENT, JsonReader.pointer(doc, "/foo/01"));
        assertSame(JsonReader.ABSENT, JsonReader.pointer(doc, "/nope/deeper"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.pointer(doc, "foo"));
    }
}
