package dev.rtc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one thin base of rtc's subcommands: picocli's model of the command ({@link #spec}), the writers
 * picocli hands it, and this run's {@link Stdio}, set by {@link CommandFactory} when it makes the
 * command, so no command reaches up to the root command or into {@code System.in}. The attributes of
 * its {@code @Command} are every subcommand's (picocli applies a superclass's first).
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public abstract class RtcCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    private Stdio stdio = Stdio.none();

    final void stdio(Stdio stdio) {
        this.stdio = stdio;
    }

    /** stdin, and stdout as bytes where the writer cannot do (see {@link Stdio}). */
    protected final Stdio stdio() {
        return stdio;
    }

    /** stdout, as picocli hands it (captured in tests). */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** stderr, as picocli hands it (captured in tests). */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
