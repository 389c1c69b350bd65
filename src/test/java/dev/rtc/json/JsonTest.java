package dev.rtc.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", Json.quote("say \"hi\" \\ bye"));
        assertEquals("\"a\\nb\\rc\\td\\be\\ff\"", Json.quote("a\nb\rc\td\be\ff"));
        assertEquals("\"\\u0000\\u001f\u007f\"", Json.quote("\u0000\u001f\u007f"), "DEL is not a control character in JSON");
    }

    @Test
    void escapesLineAndParagraphSeparatorsForJavaScriptReaders() {
        assertEquals("\"\\u2028\\u2029\"", Json.quote("\u2028\u2029"));
    }

    @Test
    void leavesOtherUnicodeAsIs() {
        assertEquals("\"héllo ✓ 😀 /\"", Json.quote("héllo ✓ 😀 /"));
    }

    @Test
    void writesKeysInInsertionOrderWithTypedValues() {
        String json = Json.object().put("type", "message").put("id", 7L).put("ratio", 0.5).put("ok", true)
                .put("none", (String) null).putRaw("list", "[1,2]").toString();

        assertEquals("{\"type\":\"message\",\"id\":7,\"ratio\":0.5,\"ok\":true,\"none\":null,\"list\":[1,2]}", json);
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("{\"x\":null,\"y\":null}", Json.object().put("x", Double.NaN).put("y", Double.POSITIVE_INFINITY).toString());
    }

    @Test
    void putAllWritesNumbersAsNumbersAndEverythingElseAsStrings() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", 1);
        fields.put("bytes", 12L);
        fields.put("latency", 1.25);
        fields.put("binary", false);
        fields.put("reason", null);
        fields.put("url", new StringBuilder("http://x/\"q\""));

        assertEquals("{\"seq\":1,\"bytes\":12,\"latency\":1.25,\"binary\":false,\"reason\":null,\"url\":\"http://x/\\\"q\\\"\"}",
                Json.object().putAll(fields).toString());
    }

    @Test
    void quotesKeysToo() {
        assertEquals("{\"a\\\"b\":1}", Json.object().put("a\"b", 1L).toString());
    }

    @Test
    void anEmptyObjectIsBraces() {
        assertEquals("{}", Json.object().toString());
    }
}
