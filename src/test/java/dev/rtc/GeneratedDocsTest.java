package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed man pages and completions are exactly what the command model generates today. */
class GeneratedDocsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void committedManPagesAndCompletionsMatchTheCommandModel() throws IOException {
        Map<String, String> generated = GeneratedDocs.generate();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path path = ROOT.resolve(file.getKey());
            if (!Files.exists(path)) {
                problems.add(file.getKey() + " is missing");
            } else if (!Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                problems.add(file.getKey() + " differs from the command model");
            }
        }
        for (String committed : committedFiles()) {
            if (!generated.containsKey(committed)) problems.add(committed + " is no longer generated");
        }
        if (!problems.isEmpty()) {
            fail(String.join("; ", problems) + ". Refresh them with `" + GeneratedDocs.REFRESH_COMMAND
                    + "` (or -Drtc.docs.write=true on any build that reaches process-test-classes), "
                    + "then commit man/ and completions/.");
        }
    }

    @Test
    void generatedTextIsStableAndNamesNoVersion() throws IOException {
        String rtcVersion = new Rtc.Version().getVersion()[0].replaceFirst("^rtc ", "");
        Map<String, String> first = GeneratedDocs.generate();
        assertEquals(first, GeneratedDocs.generate());
        first.forEach((name, text) -> {
            assertTrue(!text.contains(rtcVersion), name + " names rtc's version " + rtcVersion);
            assertTrue(!text.contains(picocli.CommandLine.VERSION), name + " names picocli's version");
            assertTrue(!text.contains("\u001B"), name + " holds an escape sequence");
        });
    }

    @Test
    void everyVisibleCommandHasAManPageAndTheCompletionKnowsIt() {
        Map<String, String> generated = GeneratedDocs.generate();
        String completion = generated.get("completions/rtc.bash");
        for (var spec : GeneratedDocs.visibleCommands(Rtc.commandLine().getCommandSpec())) {
            String page = spec.qualifiedName("-");
            assertTrue(generated.containsKey("man/man1/" + page + ".1"), page + ".1");
            assertTrue(generated.containsKey("man/" + page + ".adoc"), page + ".adoc");
            assertTrue(spec.parent() == null || completion.contains(spec.name()), "completion of " + spec.name());
        }
    }

    private static TreeSet<String> committedFiles() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        for (String dir : GeneratedDocs.GENERATED_DIRS) {
            Path base = ROOT.resolve(dir);
            if (!Files.isDirectory(base)) continue;
            try (Stream<Path> paths = Files.walk(base)) {
                paths.filter(Files::isRegularFile)
                        .forEach(p -> files.add(ROOT.relativize(p).toString().replace('\\', '/')));
            }
        }
        return files;
    }
}
