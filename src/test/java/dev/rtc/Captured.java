package dev.rtc;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of rtc: its exit code and everything it wrote to stdout and stderr. */
public record Captured(int exitCode, String out, String err) {

    public static Captured run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rtc.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Captured(code, out.toString(), err.toString());
    }
}
