package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README is an introduction that stays true: its command table is each command's one-line header
 * (the text {@code rtc --help} lists), and every relative link in the repository's Markdown points at a
 * file inside it.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `rtc (\\w+)[^`]*` \\| (.*) \\|$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void theCommandTableIsEachCommandsHeader() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) table.put(m.group(1), m.group(2));

        Map<String, String> headers = new LinkedHashMap<>();
        for (CommandLine sub : Rtc.commandLine().getSubcommands().values()) {
            String[] header = sub.getCommandSpec().usageMessage().header();
            if (header.length > 0) headers.put(sub.getCommandName(), String.join(" ", header));
        }
        assertEquals(headers, table);
    }

    @Test
    void theFirstLinesAreTheTwoCommandsThatRunAndTest() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));

        assertEquals("```sh", lines.get(2));
        assertTrue(lines.get(3).startsWith("cli/rtc "), lines.get(3));
        assertTrue(lines.get(4).startsWith("./mvnw verify "), lines.get(4));
        assertEquals("```", lines.get(5));
    }

    @Test
    void noRelativeLinkLeavesTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        // The repository's own documents: what git tracks, not what benchmarks or npm downloaded beside them.
        List<Path> docs = new ArrayList<>();
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--", "*.md").directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            for (String name : new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) docs.add(ROOT.resolve(name));
            }
            assertEquals(0, git.waitFor(), "git ls-files");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertTrue(docs.contains(ROOT.resolve("README.md")), "git ls-files listed " + docs);
        for (Path doc : docs) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) continue;
                Path resolved = doc.getParent().resolve(target).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) broken.add(ROOT.relativize(doc) + ": " + m.group(1));
            }
        }
        assertEquals(List.of(), broken);
    }
}
