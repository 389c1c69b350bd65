package dev.rtc.completion;

import dev.rtc.cli.RtcCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtc completion bash|zsh|fish}: the completion script for that shell on stdout. */
@Command(name = "completion",
        header = "Print the completion script for bash, zsh or fish.",
        description = {
            "Print the completion script for a shell on stdout.",
            "",
            "bash:  source <(rtc completion bash)   (or save it in ~/.local/share/bash-completion/completions/rtc)",
            "zsh:   rtc completion zsh > \"${fpath[1]}/_rtc\"   (then start a new shell)",
            "fish:  rtc completion fish > ~/.config/fish/completions/rtc.fish",
            "",
        })
public final class CompletionCommand extends RtcCommand {

    @Parameters(paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        out().print(shell.script(root.commandLine()));
        out().flush();
        return 0;
    }
}
