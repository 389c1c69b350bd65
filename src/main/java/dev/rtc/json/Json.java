package dev.rtc.json;

import java.util.Map;

/**
 * A small JSON writer: rtc only ever emits flat records and simple arrays, so a builder over a
 * StringBuilder keeps start-up free of a JSON library. Keys are written in insertion order.
 */
public final class Json {
    private final StringBuilder sb;
    private boolean first = true;

    private Json(StringBuilder sb) {
        this.sb = sb;
        sb.append('{');
    }

    public static Json object() {
        return new Json(new StringBuilder(96));
    }

    public Json put(String key, String value) {
        key(key);
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
        return this;
    }

    public Json put(String key, long value) {
        key(key);
        sb.append(value);
        return this;
    }

    public Json put(String key, double value) {
        key(key);
        sb.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public Json put(String key, boolean value) {
        key(key);
        sb.append(value);
        return this;
    }

    /** A value that is already JSON (an object or array built elsewhere). */
    public Json putRaw(String key, CharSequence json) {
        key(key);
        sb.append(json);
        return this;
    }

    /** Each entry as a number or string, in the map's iteration order. */
    public Json putAll(Map<String, ?> fields) {
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                put(e.getKey(), ((Number) v).longValue());
            } else if (v instanceof Number n) {
                put(e.getKey(), n.doubleValue());
            } else if (v instanceof Boolean b) {
                put(e.getKey(), b);
            } else if (v == null) {
                put(e.getKey(), (String) null);
            } else {
                put(e.getKey(), v.toString());
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    private void key(String key) {
        if (!first) sb.append(',');
        first = false;
        quote(sb, key);
        sb.append(':');
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    public static String quote(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }
}
