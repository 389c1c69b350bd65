package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One message in SSE syntax, as EventSource must read it back. */
class SseEventTest {

    private static String event(byte[] data) {
        return new String(SseRoute.event(new Message(42, data, 0)), StandardCharsets.UTF_8);
    }

    private static String event(String data) {
        return event(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aOneLineMessageIsAnIdAndADataLine() {
        assertEquals("id: 42\ndata: hello\n\n", event("hello"));
    }

    @Test
    void eachLineOfMultiLineDataIsItsOwnDataLineWhateverTheLineEnding() {
        assertEquals("id: 42\ndata: a\ndata: b\ndata: c\ndata: d\n\n", event("a\nb\r\nc\rd"));
    }

    @Test
    void emptyLinesAndATrailingNewlineSurviveAsEmptyDataLines() {
        assertEquals("id: 42\ndata: a\ndata: \ndata: b\ndata: \n\n", event("a\n\nb\n"));
        assertEquals("id: 42\ndata: \n\n", event(""));
    }

    @Test
    void dataThatLooksLikeAFieldStaysData() {
        assertEquals("id: 42\ndata: id: 7\ndata: event: x\n\n", event("id: 7\nevent: x"));
    }

    @Test
    void binaryDataIsABinaryEventInBase64() {
        assertEquals("id: 42\nevent: binary\ndata: AP8=\n\n", event(new byte[] {0, (byte) 0xff}));
    }
}
