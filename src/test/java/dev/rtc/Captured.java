package dev.rtc;

import dev.rtc.cli.Stdio;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of rtc: its exit code and everything it wrote to stdout and stderr. */
public record Captured(int exitCode, String out, String err) {

    /** A run with no stdin (the test JVM's own stdin is Surefire's channel and must never be read). */
    public static Captured run(String... args) {
        return run(Stdio.none(), args);
    }

    /** A run whose stdin is this text, as UTF-8. */
    public static Captured withStdin(String stdin, String... args) {
        return withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    public static Captured withStdin(InputStream stdin, String... args) {
        return run(new Stdio(stdin, null), args);
    }

    public static Captured run(Stdio stdio, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rtc.run(stdio, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Captured(code, out.toString(), err.toString());
    }
}
