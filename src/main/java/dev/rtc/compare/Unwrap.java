package dev.rtc.compare;

import dev.rtc.client.Received;
import dev.rtc.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The messages inside what a client received, as SPEC.md's routes carry them: a poll or long-poll
 * body is {@code {"messages":[{"data":…}]}} (base64 with {@code "encoding":"base64"} for binary), an
 * SSE event carries binary data as base64 (its {@code binary} event), the others carry the payload
 * itself. Each payload is a {@link Probe} or, for anything else, null.
 */
final class Unwrap {
    private Unwrap() {}

    /** Poll and long-poll bodies: every message's probe (null for one that is not), and the gap the server reported. */
    record Batch(List<Probe> probes, long missed) {}

    static Batch body(Received r) {
        List<Probe> probes = new ArrayList<>();
        Object root;
        try {
            root = JsonReader.parse(new String(r.data(), r.offset(), r.length(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Batch(probes, 0);
        }
        if (!(root instanceof Map<?, ?> body)) return new Batch(probes, 0);
        if (body.containsKey("data")) { // one element of the messages array, when the client splits bodies
            probes.add(message(body));
            return new Batch(probes, 0);
        }
        if (body.get("messages") instanceof List<?> messages) {
            for (Object m : messages) probes.add(m instanceof Map<?, ?> message ? message(message) : null);
        }
        long missed = body.get("missed") instanceof Number n ? n.longValue() : 0;
        return new Batch(probes, missed);
    }

    /** {@code {"id":…,"data":…}}'s probe, its data read as base64 when {@code "encoding":"base64"} says so. */
    private static Probe message(Map<?, ?> message) {
        if (!(message.get("data") instanceof String data)) return null;
        byte[] bytes = "base64".equals(message.get("encoding")) ? base64(data) : data.getBytes(StandardCharsets.UTF_8);
        return bytes == null ? null : Probe.decode(bytes);
    }

    /** One message that is the payload, or its base64 (an SSE binary event): the probe, or null. */
    static Probe payload(Received r) {
        Probe p = Probe.decode(r.data(), r.offset(), r.length());
        if (p != null) return p;
        byte[] decoded = base64(new String(r.data(), r.offset(), r.length(), StandardCharsets.ISO_8859_1).strip());
        return decoded == null ? null : Probe.decode(decoded);
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
