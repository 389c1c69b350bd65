package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.cli.BuildInfo;
import dev.rtc.completion.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void generatedTextIsStableAndNamesTheVersionInTheManPageHeaderOnly() throws IOException {
        String rtcVersion = BuildInfo.version();
        Map<String, String> first = GeneratedDocs.generate();
        assertEquals(first, GeneratedDocs.generate());
        first.forEach((name, text) -> {
            String body = name.endsWith(".1") ? text.replaceFirst("(?m)^\\.TH .*\n", "") : text;
            if (name.endsWith(".1")) assertTrue(text.startsWith(".TH ") && text.lines().findFirst().orElseThrow().contains("\"rtc " + RoffManPage.escape(rtcVersion) + "\""), name + " header");
            assertTrue(!body.contains(rtcVersion) && !body.contains(RoffManPage.escape(rtcVersion)), name + " names rtc's version " + rtcVersion);
            assertTrue(!text.contains(picocli.CommandLine.VERSION), name + " names picocli's version");
            assertTrue(!text.contains("\u001B"), name + " holds an escape sequence");
        });
    }

    @Test
    void everyVisibleCommandHasAManPageWithExamplesAndEveryCompletionKnowsIt() {
        Map<String, String> generated = GeneratedDocs.generate();
        for (var spec : GeneratedDocs.visibleCommands(Rtc.commandLine().getCommandSpec())) {
            String page = spec.qualifiedName("-");
            assertTrue(generated.containsKey("man/man1/" + page + ".1"), page + ".1");
            assertTrue(generated.containsKey("man/" + page + ".adoc"), page + ".adoc");
            String roff = generated.get("man/man1/" + page + ".1");
            for (String section : List.of(".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH EXAMPLES")) {
                assertTrue(roff.contains("\n" + section + "\n"), page + ".1 has no " + section);
            }
            for (Shell shell : Shell.values()) {
                String completion = generated.get(shell.file());
                assertTrue(spec.parent() == null || completion.contains(spec.name()), shell + " completion of " + spec.name());
            }
        }
    }

    /** Every RTC_* variable that the code or the launcher reads is in the man pages' ENVIRONMENT, and nothing more. */
    @Test
    void environmentSectionListsEveryRtcVariableTheCodeReads() throws IOException {
        Pattern variable = Pattern.compile("\\bRTC_[A-Z][A-Z0-9_]*");
        TreeSet<String> read = new TreeSet<>();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(ROOT.resolve("src/main/java"))) {
            paths.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
        sources.add(ROOT.resolve("cli/rtc"));
        for (Path source : sources) {
            Matcher m = variable.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) read.add(m.group());
        }
        TreeSet<String> documented = new TreeSet<>();
        for (String[] row : RoffManPage.environment("rtc")) if (row[0].startsWith("RTC_")) documented.add(row[0]);
        assertEquals(read, documented, "RTC_* variables read by src/main/java and cli/rtc vs src/test/resources/dev/rtc/man/environment.tsv");
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
