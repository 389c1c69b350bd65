package dev.rtc.serve.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An external client as a subprocess: stdout read line by line into a queue (the recorder the tests
 * poll with a deadline), stderr kept for failure messages, stdin empty. Every wait is bounded, and
 * {@link #close} kills the process and its children, so a hung client fails its test instead of the build.
 */
public final class Proc implements AutoCloseable {
    private static final String EOF = new String("<end of stdout>");

    private final List<String> command;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private boolean ended;

    public record Result(int exit, String out, String err) {}

    private Proc(List<String> command) {
        this.command = List.copyOf(command);
        try {
            process = new ProcessBuilder(command)
                    .directory(Tool.PROJECT.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        outReader = reader("stdout", process.getInputStream(), out, true);
        errReader = reader("stderr", process.getErrorStream(), err, false);
    }

    public static Proc start(String... command) {
        return start(List.of(command));
    }

    public static Proc start(List<String> command) {
        return new Proc(command);
    }

    /** Runs to completion within {@code timeout}; a process still running then is killed and the test fails. */
    public static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    public static Result run(Duration timeout, List<String> command) {
        try (Proc p = start(command)) {
            return p.finish(timeout);
        }
    }

    private Thread reader(String name, InputStream in, StringBuffer all, boolean queueLines) {
        Thread t = new Thread(() -> {
            StringBuilder line = new StringBuilder();
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int c;
                while ((c = r.read()) >= 0) {
                    all.append((char) c);
                    if (!queueLines) continue;
                    if (c == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                // The process was killed; what was read is all there is.
            }
            if (queueLines) {
                if (line.length() > 0) lines.add(line.toString());
                lines.add(EOF);
            }
        }, command.get(0) + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The next line of stdout, without its {@code \n}; fails when none comes within {@code timeout}. */
    public String nextLine(Duration timeout) {
        String line = null;
        if (!ended) {
            try {
                line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (line == null || line == EOF) {
            ended |= line == EOF;
            fail((line == null ? "no line within " + timeout.toMillis() + "ms" : "stdout ended") + " from "
                    + this + "\n--- stdout so far:\n" + out + "\n--- stderr so far:\n" + err);
        }
        return line;
    }

    /** The next {@code n} lines, each within {@code timeout} of the one before. */
    public List<String> nextLines(int n, Duration timeout) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) got.add(nextLine(timeout));
        return got;
    }

    /** Waits for the process to exit by itself; kills it and fails when it does not within {@code timeout}. */
    public Result finish(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                fail(this + " did not exit within " + timeout.toMillis() + "ms\n--- stdout:\n" + out
                        + "\n--- stderr:\n" + err);
            }
            outReader.join(5000);
            errReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            fail("interrupted waiting for " + this);
        }
        return new Result(process.exitValue(), out.toString(), err.toString());
    }

    /** The process id (that of what a shell {@code exec}s, too). */
    public long pid() {
        return process.pid();
    }

    public String stdout() {
        return out.toString();
    }

    public String stderr() {
        return err.toString();
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
        try {
            outReader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
