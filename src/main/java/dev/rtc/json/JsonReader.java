package dev.rtc.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) into {@code Map}, {@code List}, {@code String},
 * {@code BigDecimal}, {@code Boolean} and {@code null}, and RFC 6901 JSON Pointers over the result: what
 * {@code --cursor} needs from a response body, without a JSON library on the start-up path.
 */
public final class JsonReader {
    private static final int MAX_DEPTH = 512;
    private final String s;
    private int i;

    private JsonReader(String s) {
        this.s = s;
    }

    /** The value of {@code text}; {@link IllegalArgumentException} saying where it is not JSON. */
    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        r.space();
        Object v = r.value(0);
        r.space();
        if (r.i != text.length()) throw r.error("unexpected text after the value");
        return v;
    }

    /** A marker for "the pointer names nothing", distinct from JSON null. */
    public static final Object ABSENT = new Object();

    /**
     * The value {@code pointer} names in {@code root} ({@code ""} is the whole document), or {@link #ABSENT}.
     * A malformed pointer is an {@link IllegalArgumentException}.
     */
    public static Object pointer(Object root, String pointer) {
        if (pointer.isEmpty()) return root;
        if (pointer.charAt(0) != '/') throw new IllegalArgumentException("a JSON pointer starts with /, got '" + pointer + "'");
        Object at = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (at instanceof Map<?, ?> m) {
                if (!m.containsKey(token)) return ABSENT;
                at = m.get(token);
            } else if (at instanceof List<?> l) {
                if (!token.matches("0|[1-9][0-9]{0,8}")) return ABSENT;
                int index = Integer.parseInt(token);
                if (index >= l.size()) return ABSENT;
                at = l.get(index);
            } else {
                return ABSENT;
            }
        }
        return at;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested too deeply");
        if (i >= s.length()) throw error("unexpected end");
        char c = s.charAt(i);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        space();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            space();
            if (peek() != '"') throw error("expected a key");
            String key = string();
            space();
            expect(':');
            space();
            m.put(key, value(depth + 1));
            space();
            if (peek() == ',') {
                i++;
            } else {
                expect('}');
                return m;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> l = new ArrayList<>();
        i++;
        space();
        if (peek() == ']') {
            i++;
            return l;
        }
        while (true) {
            space();
            l.add(value(depth + 1));
            space();
            if (peek() == ',') {
                i++;
            } else {
                expect(']');
                return l;
            }
        }
    }

    private String string() {
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw error("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character in string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) throw error("unterminated string");
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw error("bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private BigDecimal number() {
        int start = i;
        if (peek() == '-') i++;
        if (peek() == '0') {
            i++;
        } else if (digit()) {
            while (digit()) i++;
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            i++;
            if (!digit()) throw error("bad number");
            while (digit()) i++;
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') i++;
            if (!digit()) throw error("bad number");
            while (digit()) i++;
        }
        return new BigDecimal(s.substring(start, i));
    }

    private boolean digit() {
        char c = peek();
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) throw error("unexpected '" + s.charAt(i) + "'");
        i += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        i++;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void space() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + i);
    }
}
