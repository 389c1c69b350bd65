package dev.rtc;

import dev.rtc.cli.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man(7) page in roff for one command, from the same model that renders its {@code --help}, so
 * that {@code man} works without Asciidoctor in the build. The sections follow picocli's AsciiDoc
 * pages: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ARGUMENTS, COMMANDS, EXIT STATUS, then ENVIRONMENT and
 * EXAMPLES from {@code src/test/resources/dev/rtc/man/} (see its README), and SEE ALSO. The header
 * names rtc's version, and no date (it would change the page every day).
 */
final class RoffManPage {

    // picocli styles text through a colour scheme; these markers stand for the font changes until
    // the text is escaped, after which they become roff's \fB, \fI and \fR.
    private static final char BOLD = '\u0001';
    private static final char ITALIC = '\u0002';
    private static final char ROMAN = '\u0003';
    private static final ColorScheme SCHEME = new ColorScheme.Builder(Ansi.ON)
            .commands(style(BOLD)).options(style(BOLD))
            .optionParams(style(ITALIC)).parameters(style(ITALIC))
            .build();

    static String render(CommandSpec spec) {
        CommandLine cmd = spec.commandLine();
        ColorScheme previous = cmd.getColorScheme();
        cmd.setColorScheme(SCHEME);
        try {
            return page(spec, cmd.getHelp());
        } finally {
            cmd.setColorScheme(previous);
        }
    }

    private static String page(CommandSpec spec, Help help) {
        Roff roff = new Roff();
        String name = spec.qualifiedName("-");
        roff.request(".TH " + quote(name.toUpperCase(java.util.Locale.ROOT)) + " 1 \"\" " + quote("rtc " + BuildInfo.version())
                + " \"Rtc Manual\"");

        roff.section("NAME");
        roff.text(name + " - " + summary(spec));

        roff.section("SYNOPSIS");
        roff.request(".nf");
        for (String line : help.synopsis(0).stripTrailing().split("\n")) roff.verbatim(line);
        roff.request(".fi");

        roff.section("DESCRIPTION");
        roff.paragraphs(formatted(spec.usageMessage().description()));

        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) if (!option.hidden()) options.add(option);
        if (!options.isEmpty()) {
            roff.section("OPTIONS");
            Help.IOptionRenderer renderer = help.createDefaultOptionRenderer();
            for (OptionSpec option : options) {
                roff.item(renderer.render(option, help.createDefaultParamLabelRenderer(), SCHEME));
            }
        }

        List<PositionalParamSpec> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) if (!p.hidden()) positionals.add(p);
        if (!positionals.isEmpty()) {
            roff.section("ARGUMENTS");
            Help.IParameterRenderer renderer = help.createDefaultParameterRenderer();
            for (PositionalParamSpec p : positionals) {
                roff.item(renderer.render(p, help.createDefaultParamLabelRenderer(), SCHEME));
            }
        }

        List<CommandSpec> subcommands = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec subSpec = sub.getCommandSpec();
            if (!subSpec.usageMessage().hidden() && !subcommands.contains(subSpec)) subcommands.add(subSpec);
        }
        if (!subcommands.isEmpty()) {
            roff.section("COMMANDS");
            for (CommandSpec sub : subcommands) {
                roff.request(".TP");
                roff.text(BOLD + String.join(", ", sub.names()) + ROMAN);
                roff.text(summary(sub) + " See " + sub.qualifiedName("-") + "(1).");
            }
        }

        List<String> manual = ManualText.lines(spec.qualifiedName("-"));
        if (!manual.isEmpty()) {
            roff.section("DETAILS");
            roff.manual(manual);
        }

        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            roff.section("EXIT STATUS");
            for (Map.Entry<String, String> code : exitCodes.entrySet()) {
                roff.request(".TP");
                roff.text(BOLD + code.getKey().trim() + ROMAN);
                roff.text(code.getValue());
            }
        }

        List<String[]> environment = environment(name);
        if (!environment.isEmpty()) {
            roff.section("ENVIRONMENT");
            for (String[] variable : environment) {
                roff.request(".TP");
                roff.text(BOLD + variable[0] + ROMAN);
                roff.text(variable[2]);
            }
        }

        List<String> examples = resourceLines("examples/" + name + ".txt");
        if (!examples.isEmpty()) {
            roff.section("EXAMPLES");
            boolean inCode = false;
            for (String line : examples) {
                if (line.isBlank()) continue;
                boolean prose = line.startsWith("# ");
                if (prose && inCode) roff.request(".EE");
                if (prose) {
                    roff.request(".PP");
                    roff.text(line.substring(2));
                } else {
                    if (!inCode) {
                        roff.request(".PP");
                        roff.request(".EX");
                    }
                    roff.verbatim("  " + line);
                }
                inCode = !prose;
            }
            if (inCode) roff.request(".EE");
        }

        roff.section("SEE ALSO");
        roff.paragraphs(formatted(spec.usageMessage().footer()));
        List<String> related = new ArrayList<>();
        if (spec.parent() != null) related.add(spec.parent().qualifiedName("-"));
        for (CommandSpec sub : subcommands) related.add(sub.qualifiedName("-"));
        if (!related.isEmpty()) {
            roff.request(".PP");
            for (int i = 0; i < related.size(); i++) {
                roff.request(".BR " + escape(related.get(i)) + " (1)" + (i < related.size() - 1 ? "," : ""));
            }
        }
        return roff.toString();
    }

    /** The rows of environment.tsv for this page: name, pages, text. */
    static List<String[]> environment(String page) {
        List<String[]> rows = new ArrayList<>();
        for (String line : resourceLines("environment.tsv")) {
            String[] row = line.split("\t", 3);
            if (row.length != 3) throw new IllegalStateException("environment.tsv: not NAME<TAB>PAGES<TAB>text: " + line);
            if (row[1].equals("*") || List.of(row[1].split(",")).contains(page)) rows.add(row);
        }
        return rows;
    }

    private static List<String> resourceLines(String name) {
        try (InputStream in = RoffManPage.class.getResourceAsStream("/dev/rtc/man/" + name)) {
            if (in == null) return List.of();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header, or else the first line of the description, as the NAME section wants it. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] lines = header.length > 0 && !header[0].isEmpty() ? header : spec.usageMessage().description();
        List<String> formatted = formatted(lines.length == 0 ? new String[0] : new String[] {lines[0]});
        return formatted.isEmpty() ? "" : formatted.get(0);
    }

    /** Lines with picocli's markup and %n applied, one paragraph line per element. */
    private static List<String> formatted(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String text = SCHEME.text(line).toString().replace("%n", "\n").replace("%%", "%");
            out.addAll(List.of(text.split("\n", -1)));
        }
        return out;
    }

    private static IStyle style(char marker) {
        return new IStyle() {
            @Override public String on() { return String.valueOf(marker); }
            @Override public String off() { return String.valueOf(ROMAN); }
        };
    }

    private static String quote(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }

    /** Escapes text for roff, then turns the markers into font changes. */
    static String escape(String s) {
        String text = s.replaceAll("\u001B\\[[0-9;]*m", "") // the reset Ansi.ON adds after styled text
                .replace("\\", "\\e").replace("-", "\\-").replace("'", "\\(aq");
        if (text.startsWith(".")) text = "\\&" + text;
        return text.replace(String.valueOf(BOLD), "\\fB")
                .replace(String.valueOf(ITALIC), "\\fI")
                .replace(String.valueOf(ROMAN), "\\fR");
    }

    /** The page as it is written: requests as they are, text escaped, no blank lines (roff reads them as breaks). */
    private static final class Roff {
        private final StringBuilder out = new StringBuilder();

        void request(String line) {
            out.append(line).append('\n');
        }

        void section(String name) {
            request(".SH " + name);
        }

        void text(String line) {
            if (!line.isBlank()) out.append(escape(line.strip())).append('\n');
        }

        /** A line of a no-fill block, its indentation kept. */
        void verbatim(String line) {
            out.append(escape(line.stripTrailing())).append('\n');
        }

        /** Lines of text; empty ones separate paragraphs. */
        void paragraphs(List<String> lines) {
            boolean pending = false;
            boolean any = false;
            for (String line : lines) {
                if (line.isBlank()) {
                    pending = any;
                    continue;
                }
                if (pending) request(".PP");
                text(line);
                pending = false;
                any = true;
            }
        }

        /**
         * The manual's text: indented lines are examples or tables, kept as they are; a line on its own
         * between blank lines that ends without a full stop and starts a page's part is a subsection.
         */
        void manual(List<String> lines) {
            boolean verbatim = false;
            boolean pending = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean indented = line.startsWith(" ");
                if (line.isBlank()) {
                    if (verbatim) request(".fi");
                    verbatim = false;
                    pending = true;
                    continue;
                }
                if (indented && !verbatim) {
                    request(".PP");
                    request(".nf");
                    verbatim = true;
                } else if (!indented && verbatim) {
                    request(".fi");
                    verbatim = false;
                    pending = true;
                }
                if (verbatim) {
                    verbatim(line);
                    continue;
                }
                boolean alone = (i == 0 || lines.get(i - 1).isBlank()) && (i + 1 == lines.size() || lines.get(i + 1).isBlank());
                if (alone && ManualText.isHeading(line)) {
                    request(".SS " + escape(line.strip()));
                    pending = false;
                    continue;
                }
                if (pending) request(".PP");
                pending = false;
                text(line);
            }
            if (verbatim) request(".fi");
        }

        /** A tagged paragraph from the rows picocli renders for an option or a parameter. */
        void item(Text[][] rows) {
            request(".TP");
            String shortName = rows[0][1].toString().strip();
            String longName = rows[0][3].toString().strip();
            text(shortName.isEmpty() || longName.isEmpty() ? shortName + longName : shortName + ", " + longName);
            for (Text[] row : rows) text(row[4].toString());
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private RoffManPage() {}
}
