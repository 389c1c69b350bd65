package dev.rtc.completion;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A zsh completion function ({@code _rtc}, autoloaded from {@code fpath}) from the command model:
 * {@code _arguments} for the options of each command, {@code _describe} for the subcommands.
 */
final class ZshCompletion {

    private ZshCompletion() {}

    static String script(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        String name = spec.name();
        String fn = "_" + name;
        List<CommandSpec> subs = Model.subcommands(spec);
        StringBuilder out = new StringBuilder();
        out.append("#compdef ").append(name).append('\n')
                .append("# zsh completion for ").append(name).append(", generated from ").append(name).append("'s command model.\n")
                .append("# Install: ").append(name).append(" completion zsh > \"${fpath[1]}/").append(fn).append("\"\n\n");

        out.append(fn).append("() {\n")
                .append("  local curcontext=\"$curcontext\" state line\n")
                .append("  typeset -A opt_args\n")
                .append("  _arguments -C \\\n");
        for (OptionSpec o : Model.options(spec)) out.append("    ").append(option(o, spec)).append(" \\\n");
        out.append("    '1: :->command' \\\n")
                .append("    '*:: :->args'\n")
                .append("  case $state in\n")
                .append("    command)\n")
                .append("      local -a commands\n")
                .append("      commands=(\n");
        for (CommandSpec sub : subs) {
            out.append("        ").append(quote(sub.name().replace(":", "\\:") + ":" + Model.summary(sub))).append('\n');
        }
        out.append("      )\n")
                .append("      _describe -t commands '").append(name).append(" command' commands\n")
                .append("      ;;\n")
                .append("    args)\n")
                .append("      case $line[1] in\n");
        for (CommandSpec sub : subs) {
            out.append("        ").append(sub.name()).append(") ").append(fn).append('_').append(sub.name()).append(" ;;\n");
        }
        out.append("      esac\n")
                .append("      ;;\n")
                .append("  esac\n")
                .append("}\n");

        for (CommandSpec sub : subs) {
            out.append('\n').append(fn).append('_').append(sub.name()).append("() {\n")
                    .append("  _arguments -s -S");
            for (OptionSpec o : Model.options(sub)) out.append(" \\\n    ").append(option(o, spec));
            int position = 1;
            for (PositionalParamSpec p : Model.positionals(sub)) {
                String label = p.paramLabel().replaceAll("[<>]", "");
                String spec1 = (p.arity().max() > 1 ? "*" : String.valueOf(position++)) + ":" + label.replace(":", "\\:") + ":" + action(p, spec);
                out.append(" \\\n    ").append(quote(spec1));
            }
            out.append('\n').append("}\n");
        }
        out.append('\n').append(fn).append(" \"$@\"\n");
        return out.toString();
    }

    /** One {@code _arguments} spec: every name of the option, its description, and its value's completion. */
    private static String option(OptionSpec o, CommandSpec root) {
        String[] names = o.names();
        String description = "[" + Model.summary(o).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]") + "]";
        String value = "";
        if (Model.takesValue(o)) {
            String label = o.paramLabel().replaceAll("[<>]", "").replace(":", "\\:");
            value = ":" + label + ":" + action(o, root);
        }
        boolean repeatable = o.isMultiValue();
        StringBuilder out = new StringBuilder();
        if (!repeatable && names.length > 1) out.append(quote("(" + String.join(" ", names) + ")"));
        if (repeatable) out.append(quote("*"));
        if (names.length > 1) out.append('{').append(String.join(",", names)).append('}');
        else out.append(quote(names[0]));
        out.append(quote(description + value));
        return out.toString();
    }

    private static String action(ArgSpec arg, CommandSpec root) {
        List<String> candidates = Model.candidates(arg);
        if (!candidates.isEmpty()) return "(" + String.join(" ", candidates) + ")";
        return switch (Model.kind(arg)) {
            case FILE -> "_files";
            case DIRECTORY -> "_files -/";
            case COMMAND -> "(" + String.join(" ", Model.subcommands(root).stream().map(CommandSpec::name).toList()) + ")";
            case OTHER -> " ";
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
