package dev.rtc;

import dev.rtc.completion.Shell;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man pages and the shell completion committed under {@code man/} and
 * {@code completions/}, from the command model of {@link Rtc#commandLine()} (which sets the
 * exit-code list in code, so a class name alone would miss it).
 *
 * <p>The build runs it at {@code process-test-classes} into {@code target/generated-docs/};
 * {@link GeneratedDocsTest} fails when the committed files differ from what it generates. The output
 * holds no date or terminal width, and the version only in the man pages' header, so it changes only
 * when the commands or the version do.
 *
 * <p>Usage: {@code GeneratedDocs OUT_DIR [--write=true|false] [--tree=DIR]}: with {@code --write=true}
 * the files are also written into the source tree at DIR (default: the current directory).
 */
public final class GeneratedDocs {

    /** The command that refreshes the committed files, for the test's failure message and the README. */
    public static final String REFRESH_COMMAND = "./mvnw -q -Pdocs process-test-classes";

    /** Directories of the tree whose contents are all generated here. */
    static final List<String> GENERATED_DIRS = List.of("man", "completions");

    /** Width for synopses, so that the terminal the build runs in changes nothing. */
    private static final int WIDTH = 80;

    public static void main(String[] args) throws IOException {
        if (args.length == 0) throw new IllegalArgumentException("usage: GeneratedDocs OUT_DIR [--write=true|false] [--tree=DIR]");
        Path out = Path.of(args[0]);
        boolean write = false;
        Path tree = Path.of("");
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--write=")) write = Boolean.parseBoolean(args[i].substring("--write=".length()));
            else if (args[i].startsWith("--tree=")) tree = Path.of(args[i].substring("--tree=".length()));
            else throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
        Map<String, String> files = generate();
        writeAll(files, out);
        if (write) {
            for (String dir : GENERATED_DIRS) deleteTree(tree.resolve(dir));
            writeAll(files, tree);
            System.out.println("GeneratedDocs: wrote " + String.join(", ", files.keySet()) + " into " + tree.toAbsolutePath());
        }
    }

    /** Every generated file: its path relative to the project root, and its text. */
    public static Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        CommandLine root = Rtc.commandLine()
                .setUsageHelpAutoWidth(false)
                .setUsageHelpWidth(WIDTH);
        for (CommandSpec spec : visibleCommands(root.getCommandSpec())) {
            String name = spec.qualifiedName("-");
            files.put("man/" + name + ".adoc", asciiDoc(spec));
            files.put("man/man1/" + name + ".1", RoffManPage.render(spec));
        }
        for (Shell shell : Shell.values()) files.put(shell.file(), shell.script(root));
        return files;
    }

    /** The root command and every non-hidden subcommand below it, depth first. */
    static List<CommandSpec> visibleCommands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec subSpec = sub.getCommandSpec();
            if (!subSpec.usageMessage().hidden() && !all.contains(subSpec)) all.addAll(visibleCommands(subSpec));
        }
        return all;
    }

    private static String asciiDoc(CommandSpec spec) {
        StringWriter text = new StringWriter();
        try (PrintWriter pw = new PrintWriter(text)) {
            ManPageGenerator.writeSingleManPage(pw, spec);
        }
        return text.toString().replace("\r\n", "\n")
                // the version would make every release touch every page
                .replaceAll("(?m)^:revnumber:.*\n", "")
                .replaceAll("(?m)^:mansource:.*$", ":mansource: rtc")
                // the help's "Exit codes:" heading, as a man page names the section
                .replaceAll("(?m)^==\\s+Exit codes:\\s*$", "== Exit status")
                .replaceFirst("(?m)^== Exit status$", java.util.regex.Matcher.quoteReplacement(details(spec)) + "== Exit status");
    }

    /** The manual's text as an AsciiDoc section (indented lines are literal blocks there too), or nothing. */
    private static String details(CommandSpec spec) {
        List<String> manual = ManualText.lines(spec.qualifiedName("-"));
        if (manual.isEmpty()) return "";
        StringBuilder text = new StringBuilder("== Details\n\n");
        for (int i = 0; i < manual.size(); i++) {
            String line = manual.get(i);
            boolean alone = (i == 0 || manual.get(i - 1).isBlank()) && (i + 1 == manual.size() || manual.get(i + 1).isBlank());
            text.append(alone && ManualText.isHeading(line) ? "=== " + line : line).append('\n');
        }
        return text.append('\n').toString();
    }

    private static void writeAll(Map<String, String> files, Path dir) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private GeneratedDocs() {}
}
