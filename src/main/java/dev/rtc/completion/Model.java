package dev.rtc.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What the zsh and fish generators read from picocli's model: the visible commands, options and their values. */
final class Model {

    private Model() {}

    /** Subcommands shown in help, each once (an alias is not a second command). */
    static List<CommandSpec> subcommands(CommandSpec spec) {
        List<CommandSpec> subs = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (!s.usageMessage().hidden() && !subs.contains(s)) subs.add(s);
        }
        return subs;
    }

    static List<OptionSpec> options(CommandSpec spec) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) if (!o.hidden()) options.add(o);
        return options;
    }

    static List<PositionalParamSpec> positionals(CommandSpec spec) {
        List<PositionalParamSpec> params = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) if (!p.hidden()) params.add(p);
        return params;
    }

    /** The first sentence of a command's header or description, one line. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] lines = header.length > 0 && !header[0].isBlank() ? header : spec.usageMessage().description();
        return firstSentence(lines.length == 0 ? "" : lines[0]);
    }

    /** The first sentence of an option's or parameter's description, with picocli's variables left out. */
    static String summary(ArgSpec arg) {
        String[] lines = arg.description();
        return firstSentence(lines.length == 0 ? "" : lines[0]);
    }

    private static String firstSentence(String text) {
        String s = text.replaceAll("\\$\\{[^}]*}", "").replace("%n", " ").replaceAll("@\\|\\w+ ([^|]*)\\|@", "$1")
                .replaceAll("\\s+", " ").strip();
        int end = s.indexOf(". ");
        if (end > 0) s = s.substring(0, end + 1);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Whether the option takes a value. */
    static boolean takesValue(ArgSpec arg) {
        return arg.arity().max() > 0;
    }

    /** The values picocli knows for it (an enum's constants, completionCandidates), or none. */
    static List<String> candidates(ArgSpec arg) {
        List<String> values = new ArrayList<>();
        if (arg.completionCandidates() != null) arg.completionCandidates().forEach(values::add);
        return values;
    }

    enum Kind { FILE, DIRECTORY, COMMAND, OTHER }

    /** What a value names, from its label: a file, a directory, a subcommand of the parent (rtc help), or else nothing to complete. */
    static Kind kind(ArgSpec arg) {
        String label = arg.paramLabel().replaceAll("[<>\\[\\].]", "").toUpperCase(Locale.ROOT);
        if (label.equals("DIR")) return Kind.DIRECTORY;
        if (label.equals("FILE") || label.equals("PATH")) return Kind.FILE;
        if (label.equals("COMMAND")) return Kind.COMMAND;
        return Kind.OTHER;
    }
}
