package dev.rtc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The long prose of each man page (the routes of {@code rtc serve}, how {@code rtc sse} reconnects, …):
 * {@code src/test/resources/dev/rtc/man/details/PAGE.txt}, plus {@code http.txt}, which every HTTP client's
 * page shares. The pages carry it after the help text as DETAILS, so each piece of prose exists once; the
 * options' own text stays in their annotations.
 */
final class ManualText {
    /** The commands whose page also carries the HTTP request options' text. */
    private static final List<String> HTTP_CLIENTS = List.of("rtc-poll", "rtc-longpoll", "rtc-stream", "rtc-sse");

    private ManualText() {}

    /** The details of {@code page} ({@code rtc-serve}, …); empty when it has none. */
    static List<String> lines(String page) {
        List<String> lines = new ArrayList<>(read(page));
        if (HTTP_CLIENTS.contains(page)) {
            lines.add("");
            lines.add("HTTP request options");
            lines.add("");
            lines.addAll(read("http"));
        }
        return lines;
    }

    /** Whether a line standing alone is a subsection's title: short, unindented, not a sentence. */
    static boolean isHeading(String line) {
        return !line.startsWith(" ") && line.length() <= 40 && !line.endsWith(".") && !line.endsWith(":")
                && Character.isUpperCase(line.charAt(0));
    }

    private static List<String> read(String name) {
        try (InputStream in = ManualText.class.getResourceAsStream("/dev/rtc/man/details/" + name + ".txt")) {
            if (in == null) return List.of();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
