package dev.rtc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The long prose of each command (the routes of {@code rtc serve}, how {@code rtc sse} reconnects, …):
 * one text per command under {@code dev/rtc/manual/}, plus {@code http.txt}, which every HTTP client's
 * page shares. The man pages carry it after the help text, so each piece of prose exists once; the
 * options' own text stays in their annotations.
 */
public final class Manual {
    /** The commands whose page also carries the HTTP request options' text. */
    private static final List<String> HTTP_CLIENTS = List.of("poll", "longpoll", "stream", "sse");

    private Manual() {}

    /** The manual's lines for {@code command} ("rtc" for the root, else the subcommand's name); empty when it has none. */
    public static List<String> lines(String command) {
        List<String> lines = new ArrayList<>(read(command));
        if (HTTP_CLIENTS.contains(command)) {
            lines.add("");
            lines.add("HTTP request options");
            lines.add("");
            lines.addAll(read("http"));
        }
        return lines;
    }

    /** Whether a line standing alone is a subsection's title: short, unindented, not a sentence. */
    public static boolean isHeading(String line) {
        return !line.startsWith(" ") && line.length() <= 40 && !line.endsWith(".") && !line.endsWith(":")
                && Character.isUpperCase(line.charAt(0));
    }

    private static List<String> read(String name) {
        try (InputStream in = Manual.class.getResourceAsStream("/dev/rtc/manual/" + name + ".txt")) {
            if (in == null) return List.of();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
