package dev.rtc.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Makes picocli's objects: a command whose constructor takes a {@link Stdio} gets this run's one, so
 * no command reaches up to the root command or into {@code System.in} for it; everything else is made
 * as picocli's default factory makes it.
 */
public final class CommandFactory implements IFactory {
    private final Stdio stdio;

    public CommandFactory(Stdio stdio) {
        this.stdio = stdio;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withStdio;
        try {
            withStdio = cls.getDeclaredConstructor(Stdio.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        withStdio.setAccessible(true);
        return withStdio.newInstance(stdio);
    }
}
