package dev.rtc.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Standard input and stdout's bytes, as a command sees them: the process's own in {@code main}, and
 * whatever a test hands {@code Rtc.run}. Text output goes through picocli's writers
 * ({@code spec.commandLine().getOut()}); this holder carries what those writers cannot: the input, and
 * stdout as bytes for {@code --raw} payloads and lines that need no re-encoding ({@code rawOut} is null
 * when everything goes through the writer, raw bytes as ISO-8859-1 characters, as in-process tests do).
 * {@code terminal} says whether stdin is a terminal (an interactive session), never true in tests.
 * Commands receive it through their constructor from {@link CommandFactory}.
 */
public record Stdio(InputStream in, OutputStream rawOut, boolean terminal) {
    /** Bytes for stdin and, optionally, a byte stdout: not a terminal. */
    public Stdio(InputStream in, OutputStream rawOut) {
        this(in, rawOut, false);
    }

    /** No input (an empty stream) and no byte stdout: what an in-process run gets unless it says otherwise. */
    public static Stdio none() {
        return new Stdio(InputStream.nullInputStream(), null);
    }

    /** The process's stdin, with stdout's bytes under the writer {@code main} made. */
    public static Stdio system(OutputStream stdout) {
        return new Stdio(new FileInputStream(FileDescriptor.in), stdout, Terminals.stdinIsTerminal());
    }

    /** The UTF-8 writer over a buffered stdout stream, as main makes it (rtc peer makes another, see dev.rtc.peer.CleanStdout). */
    public static PrintWriter writer(OutputStream stdout) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16), false);
    }
}
