package dev.rtc.output;

import static dev.rtc.output.Printer.fields;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrinterTest {
    /** {@code {"type":"…","ts":"2026-11-25T18:06:47.123Z",…}}: the ts is checked, then replaced by TS. */
    private static final Pattern RECORD_TS = Pattern.compile("^\\{\"type\":\"[a-z]+\",\"ts\":\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)\"");
    private static final byte[] NOT_UTF8 = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, 0x0a};

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Printer printer(boolean json, Printer.Binary binary) {
        return new Printer(new PrintWriter(out), new PrintWriter(err), null, json, binary);
    }

    @Test
    void textModePrintsEachPayloadOnItsOwnLine() {
        Printer p = printer(false, Printer.Binary.HEX);

        p.text("hello", fields("seq", 1));
        p.text("", Map.of());
        p.payload("wörld".getBytes(StandardCharsets.UTF_8), Map.of());

        assertEquals("hello\n\nwörld\n", out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void textModePrintsBinaryAsHexByDefault() {
        printer(false, Printer.Binary.HEX).payload(NOT_UTF8, Map.of());

        assertEquals("ff00c3280a\n", out.toString());
    }

    @Test
    void textModePrintsBinaryAsBase64OnRequest() {
        printer(false, Printer.Binary.BASE64).payload(NOT_UTF8, Map.of());

        assertEquals("/wDDKAo=\n", out.toString());
    }

    @Test
    void rawModeWritesTheExactBytesWithoutANewline() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Printer p = new Printer(new PrintWriter(out), new PrintWriter(err), raw, false, Printer.Binary.RAW);

        p.text("before", Map.of());
        p.payload(NOT_UTF8, Map.of());

        assertEquals("before\n", out.toString());
        assertArrayEquals(NOT_UTF8, raw.toByteArray());
    }

    @Test
    void rawModeWithoutAStreamWritesOneCharPerByteSoTestsCanReadThemBack() {
        printer(false, Printer.Binary.RAW).binary(NOT_UTF8, Map.of());

        assertArrayEquals(NOT_UTF8, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void jsonModeWritesAMessageRecordWithAnRfc3339MillisecondTimestampAndTheTechniqueFields() {
        printer(true, Printer.Binary.HEX).text("line \"one\"\nline two", fields("seq", 1, "status", 200, "latency_ms", 3L));

        assertEquals("{\"type\":\"message\",\"ts\":\"TS\",\"data\":\"line \\\"one\\\"\\nline two\",\"seq\":1,\"status\":200,\"latency_ms\":3}\n",
                withoutTimestamps(out.toString()));
    }

    @Test
    void jsonModeCarriesBinaryAsBase64WhateverTheTextModeChoice() {
        printer(true, Printer.Binary.RAW).payload(NOT_UTF8, fields("binary", true));

        assertEquals("{\"type\":\"message\",\"ts\":\"TS\",\"data\":\"/wDDKAo=\",\"encoding\":\"base64\",\"binary\":true}\n",
                withoutTimestamps(out.toString()));
    }

    @Test
    void jsonModeWritesLifecycleRecordsOnStdoutAndNothingOnStderr() {
        Printer p = printer(true, Printer.Binary.HEX);

        p.open("connected to ws://x", fields("url", "ws://x"));
        p.reconnect(2, 1500);
        p.error("connection reset");
        p.close(1001, "going away");
        p.close(null, null);

        assertEquals("""
                {"type":"open","ts":"TS","url":"ws://x"}
                {"type":"reconnect","ts":"TS","attempt":2,"delay_ms":1500}
                {"type":"error","ts":"TS","message":"connection reset"}
                {"type":"close","ts":"TS","code":1001,"reason":"going away"}
                {"type":"close","ts":"TS"}
                """, withoutTimestamps(out.toString()));
        assertEquals("", err.toString());
    }

    @Test
    void textModeWritesLifecycleEventsAsDiagnosticsOnStderr() {
        Printer p = printer(false, Printer.Binary.HEX);

        p.open("connected to ws://x", fields("url", "ws://x"));
        p.open(null, Map.of());
        p.reconnect(2, 1500);
        p.error("connection reset");
        p.close(1001, "going away");
        p.close(1000, "");
        p.close(null, null);

        assertEquals("", out.toString());
        assertEquals("""
                connected to ws://x
                reconnecting in 1500ms (attempt 2)
                rtc: connection reset
                closed 1001 going away
                closed 1000
                closed
                """, err.toString());
    }

    @Test
    void aDeferredFlushHoldsMessagesBackUntilFlushAndKeepsTheirOrder() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BufferedOutputStream buffered = new BufferedOutputStream(stdout);
        Printer p = new Printer(new PrintWriter(new OutputStreamWriter(buffered, StandardCharsets.UTF_8)), new PrintWriter(err),
                buffered, false, Printer.Binary.HEX);
        p.deferFlush();

        p.payload("[one]".getBytes(StandardCharsets.UTF_8), 1, 3, Map.of()); // as bytes, straight to the stream
        p.payload("two".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        p.payload(NOT_UTF8, Map.of()); // as hex, through the writer
        p.text("wörld", Map.of());
        p.payload("three".getBytes(StandardCharsets.UTF_8), Map.of()); // the writer is flushed first
        p.flush();

        assertEquals("one\ntwo\nff00c3280a\nwörld\nthree\n", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClosedStdoutBehindTheWriterIsOutputClosed() {
        PrintWriter closed = new PrintWriter(new StringWriter()) {
            @Override
            public boolean checkError() {
                return true; // as after a write to a pipe whose reader went away
            }
        };
        Printer p = new Printer(closed, new PrintWriter(err), null, false, Printer.Binary.HEX);

        assertThrows(Printer.OutputClosed.class, () -> p.text("hello", Map.of()));
        assertEquals("", err.toString());
    }

    @Test
    void aClosedStdoutStreamIsOutputClosed() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        Printer p = new Printer(new PrintWriter(out), new PrintWriter(err), closed, false, Printer.Binary.RAW);

        Printer.OutputClosed e = assertThrows(Printer.OutputClosed.class, () -> p.payload("hello".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertEquals("Broken pipe", e.getCause().getMessage());
        assertThrows(Printer.OutputClosed.class, () -> p.binary(NOT_UTF8, Map.of()));
    }

    @Test
    void timestampsAreRfc3339UtcWithMilliseconds() {
        assertEquals("1970-01-01T00:00:00.000Z", Timestamps.format(0));
        assertEquals("2026-11-25T18:06:47.123Z", Timestamps.format(1_795_630_007_123L));
    }

    /** Checks every record's ts is RFC 3339 UTC with milliseconds, then writes it as TS. */
    private static String withoutTimestamps(String ndjson) {
        StringBuilder sb = new StringBuilder();
        for (String line : ndjson.split("\n")) {
            Matcher m = RECORD_TS.matcher(line);
            assertTrue(m.find(), "no RFC 3339 ms ts in " + line);
            sb.append(line, 0, m.start(1)).append("TS").append(line.substring(m.end(1))).append('\n');
        }
        return sb.toString();
    }
}
