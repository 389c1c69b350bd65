package dev.rtc.cli;

import dev.rtc.output.Printer;
import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How received payloads are printed: text lines or NDJSON, and how binary payloads are shown. */
public final class OutputOptions {
    @Option(names = "--json", description = "One JSON object per line (NDJSON): messages and lifecycle records.")
    boolean json;

    @ArgGroup(exclusive = true)
    BinaryChoice binary = new BinaryChoice();

    static final class BinaryChoice {
        @Option(names = "--base64", description = "Print binary payloads as base64 (default: hex).")
        boolean base64;

        @Option(names = "--raw", description = "Write binary payloads to stdout as they are, without a newline.")
        boolean raw;
    }

    public Printer printer(PrintWriter out, PrintWriter err, OutputStream rawOut) {
        Printer.Binary mode = binary.raw ? Printer.Binary.RAW : binary.base64 ? Printer.Binary.BASE64 : Printer.Binary.HEX;
        return new Printer(out, err, rawOut, json, mode);
    }
}
