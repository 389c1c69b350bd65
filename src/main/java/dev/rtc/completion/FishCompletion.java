package dev.rtc.completion;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A fish completion script from the command model (picocli writes bash only): one {@code complete}
 * line per command and option, conditioned on the subcommand already typed.
 */
final class FishCompletion {

    private FishCompletion() {}

    static String script(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        String name = spec.name();
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ").append(name).append(", generated from ").append(name).append("'s command model.\n")
                .append("# Install: ").append(name).append(" completion fish > ~/.config/fish/completions/").append(name).append(".fish\n\n")
                .append("complete -c ").append(name).append(" -f\n");
        List<CommandSpec> subs = Model.subcommands(spec);
        String atRoot = "__fish_use_subcommand";
        for (CommandSpec sub : subs) {
            out.append("complete -c ").append(name).append(" -n ").append(quote(atRoot))
                    .append(" -a ").append(quote(sub.name())).append(" -d ").append(quote(Model.summary(sub))).append('\n');
        }
        options(out, name, atRoot, spec);
        for (CommandSpec sub : subs) {
            out.append('\n');
            String in = "__fish_seen_subcommand_from " + sub.name();
            options(out, name, in, sub);
            for (PositionalParamSpec p : Model.positionals(sub)) {
                String values = values(p, spec, Model.candidates(p));
                if (!values.isEmpty()) {
                    out.append("complete -c ").append(name).append(" -n ").append(quote(in)).append(values).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void options(StringBuilder out, String name, String condition, CommandSpec spec) {
        for (OptionSpec o : Model.options(spec)) {
            out.append("complete -c ").append(name).append(" -n ").append(quote(condition));
            for (String n : o.names()) {
                if (n.startsWith("--")) out.append(" -l ").append(n.substring(2));
                else if (n.length() == 2) out.append(" -s ").append(n.substring(1));
                else out.append(" -o ").append(n.substring(1));
            }
            if (Model.takesValue(o)) {
                String values = values(o, spec.root(), Model.candidates(o));
                out.append(values.isEmpty() ? " -x" : values);
            }
            out.append(" -d ").append(quote(Model.summary(o))).append('\n');
        }
    }

    /** The {@code complete} flags for a value: files, directories, listed values, or nothing but a required argument. */
    private static String values(picocli.CommandLine.Model.ArgSpec arg, CommandSpec root, List<String> candidates) {
        if (!candidates.isEmpty()) return " -x -a " + quote(String.join(" ", candidates));
        return switch (Model.kind(arg)) {
            case FILE -> " -r -F";
            case DIRECTORY -> " -x -a '(__fish_complete_directories)'";
            case COMMAND -> " -x -a " + quote(String.join(" ", Model.subcommands(root).stream().map(CommandSpec::name).toList()));
            case OTHER -> arg.isOption() ? " -x" : "";
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
