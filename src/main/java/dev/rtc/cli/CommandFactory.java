package dev.rtc.cli;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Makes picocli's objects as its default factory does, and hands each {@link RtcCommand} this run's
 * {@link Stdio}.
 */
public final class CommandFactory implements IFactory {
    private final Stdio stdio;

    public CommandFactory(Stdio stdio) {
        this.stdio = stdio;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        K made = CommandLine.defaultFactory().create(cls);
        if (made instanceof RtcCommand command) command.stdio(stdio);
        return made;
    }
}
