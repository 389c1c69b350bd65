package dev.rtc.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.cli.RtcException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The event stream interpretation of the HTML standard (WHATWG HTML 9.2.6), its examples first, then its
 * edge cases. Every vector is parsed three ways (whole, byte by byte, in pairs of bytes) because line ends,
 * a BOM and UTF-8 sequences may be split across reads. The last tests show where okhttp-sse's reader
 * gives another answer, which is why rtc parses the stream itself.
 */
class SseParserTest {

    /** What a stream produced: each event as {@code type|lastEventId|data}, and the last event ID at the end. */
    record Parsed(List<String> events, String lastEventId, List<Long> retries) {}

    static Parsed parse(byte[] stream, int chunk) {
        List<String> events = new ArrayList<>();
        List<Long> retries = new ArrayList<>();
        EventStreamParser p = new EventStreamParser("", 1 << 20, new EventStreamParser.Listener() {
            @Override
            public boolean event(SseEvent e) {
                events.add(e.type() + "|" + e.lastEventId() + "|" + e.data());
                return true;
            }

            @Override
            public void retry(long millis) {
                retries.add(millis);
            }
        });
        for (int i = 0; i < stream.length; i += chunk) p.feed(stream, i, Math.min(chunk, stream.length - i));
        p.end();
        return new Parsed(events, p.lastEventId(), retries);
    }

    /** Parses every way and checks they agree; the answer. */
    static Parsed parse(byte[] stream) {
        Parsed whole = parse(stream, Math.max(1, stream.length));
        assertEquals(whole, parse(stream, 1), "byte by byte");
        assertEquals(whole, parse(stream, 2), "two bytes at a time");
        return whole;
    }

    static Parsed parse(String stream) {
        return parse(stream.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> events(String stream) {
        return parse(stream).events();
    }

    // The standard's examples ------------------------------------------------------------------------

    @Test
    void dataLinesAreJoinedWithLineFeeds() {
        assertEquals(List.of("message||YHOO\n+2\n10"), events("data: YHOO\ndata: +2\ndata: 10\n\n"));
    }

    @Test
    void commentsIdsAndOneLeadingSpace() {
        String stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
        assertEquals(List.of("message|1|first event", "message||second event", "message|| third event"), events(stream));
    }

    @Test
    void fieldWithoutColonAndUnterminatedLastEvent() {
        // "data" alone appends an empty line; the last block has no blank line, so it is not dispatched.
        assertEquals(List.of("message||", "message||\n"), events("data\n\ndata\ndata\n\ndata:"));
    }

    @Test
    void spaceAfterColonIsOptional() {
        assertEquals(List.of("message||test", "message||test"), events("data:test\n\ndata: test\n\n"));
    }

    // Line ends ---------------------------------------------------------------------------------------

    @Test
    void loneCarriageReturnEndsALine() {
        assertEquals(List.of("message|7|a\nb"), events("data: a\rdata: b\rid: 7\r\r"));
    }

    @Test
    void crlfEndsALineOnceEvenWhenSplitAcrossReads() {
        assertEquals(List.of("message||a\nb"), events("data: a\r\ndata: b\r\n\r\n"));
    }

    @Test
    void mixedLineEnds() {
        assertEquals(List.of("message||a\nb\nc"), events("data: a\ndata: b\r\ndata: c\r\n\r"));
    }

    // BOM and UTF-8 -----------------------------------------------------------------------------------

    @Test
    void oneLeadingBomIsSkipped() {
        assertEquals(List.of("message||x"), events("\uFEFFdata: x\n\n"));
    }

    @Test
    void aSecondBomIsPartOfTheFieldName() {
        assertEquals(List.of(), events("\uFEFF\uFEFFdata: x\n\n"));
    }

    @Test
    void aBomLaterInTheStreamIsData() {
        assertEquals(List.of("message||\uFEFFx"), events("data: \uFEFFx\n\n"));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] stream = bytes("data: a", 0xFF, "b\ndata: ", 0xE2, 0x82, "\ndata: ", 0xC3, "\n\n");
        assertEquals(List.of("message||a\uFFFDb\n\uFFFD\n\uFFFD"), parse(stream).events());
    }

    @Test
    void multiByteCharactersSurviveSplitReads() {
        assertEquals(List.of("message||h\u00e9llo \u20ac \uD83D\uDE00"), events("data: h\u00e9llo \u20ac \uD83D\uDE00\n\n"));
    }

    // Fields ------------------------------------------------------------------------------------------

    @Test
    void eventFieldSetsTheTypeOfOneEventOnly() {
        assertEquals(List.of("add|1|x", "message|1|y", "message|1|z"),
                events("event: add\nid: 1\ndata: x\n\ndata: y\n\nevent:\ndata: z\n\n"));
    }

    @Test
    void idWithNulIsIgnored() {
        assertEquals(List.of("message|1|x", "message|1|y"), events("id: 1\ndata: x\n\nid: a\u0000b\ndata: y\n\n"));
    }

    @Test
    void emptyIdResetsTheLastEventId() {
        Parsed p = parse("id: 5\ndata: x\n\nid\ndata: y\n\n");
        assertEquals(List.of("message|5|x", "message||y"), p.events());
        assertEquals("", p.lastEventId());
    }

    @Test
    void idWithoutDataMovesTheLastEventIdButDispatchesNothing() {
        Parsed p = parse("id: 7\n\n");
        assertEquals(List.of(), p.events());
        assertEquals("7", p.lastEventId());
    }

    @Test
    void idOfAnEventCutByTheEndOfTheStreamIsNotKept() {
        Parsed p = parse("id: 1\ndata: a\n\nid: 2\ndata: b\n");
        assertEquals(List.of("message|1|a"), p.events());
        assertEquals("1", p.lastEventId());
    }

    @Test
    void retryTakesOnlyAsciiDigits() {
        Parsed p = parse("retry: 1000\nretry: 10a0\nretry: -5\nretry: +5\nretry:\nretry:  7\nretry: 1.5\nretry:250\n\n");
        assertEquals(List.of(1000L, 250L), p.retries());
        assertEquals(List.of(), p.events());
    }

    @Test
    void commentsAndUnknownFieldsAreIgnoredInsideAnEvent() {
        assertEquals(List.of("message||a\nb"), events("data: a\n: comment\nfoo: bar\nDATA: no\ndata : no\ndata: b\n\n"));
    }

    @Test
    void onlyOneSpaceIsRemovedAndTabsAreKept() {
        assertEquals(List.of("message||\tx\n  y"), events("data:\tx\ndata:   y\n\n"));
    }

    @Test
    void valueKeepsLaterColons() {
        assertEquals(List.of("message||a: b:c"), events("data: a: b:c\n\n"));
    }

    @Test
    void emptyDataBufferDispatchesNothing() {
        assertEquals(List.of(), events("event: x\n\n\n\n: only a comment\n\n"));
    }

    // The end of the stream and limits ----------------------------------------------------------------

    @Test
    void streamCutMidEventDoesNotDispatchIt() {
        assertEquals(List.of(), events("data: half"));
        assertEquals(List.of(), events("data: half\n"));
        assertEquals(List.of("message||whole"), events("data: whole\n\ndata: half\ndata: more"));
    }

    @Test
    void aLineLongerThanTheLimitFailsWithTheOptionsName() {
        EventStreamParser p = new EventStreamParser("", 16, e -> true);
        byte[] line = "data: 0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
        RtcException whole = assertThrows(RtcException.class, () -> p.feed(line, 0, line.length));
        assertTrue(whole.getMessage().contains("--max-line (16 bytes)"), whole.getMessage());
        EventStreamParser q = new EventStreamParser("", 16, e -> true);
        assertThrows(RtcException.class, () -> {
            for (int i = 0; i < line.length; i++) q.feed(line, i, 1);
        });
    }

    @Test
    void eventDataIsBoundedToo() {
        EventStreamParser p = new EventStreamParser("", 16, e -> true);
        byte[] lines = "data: 0123456789\ndata: 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(RtcException.class, () -> p.feed(lines, 0, lines.length));
    }

    @Test
    void listenerStopsTheParser() {
        List<String> seen = new ArrayList<>();
        EventStreamParser p = new EventStreamParser("", 1024, e -> seen.add(e.data()) && seen.size() < 2);
        byte[] stream = "data: 1\n\ndata: 2\n\ndata: 3\n\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(p.feed(stream, 0, stream.length));
        assertEquals(List.of("1", "2"), seen);
    }

    @Test
    void aNewConnectionStartsFromTheLastEventId() {
        List<String> ids = new ArrayList<>();
        EventStreamParser p = new EventStreamParser("41", 1024, e -> ids.add(e.lastEventId()));
        byte[] stream = "data: x\n\n".getBytes(StandardCharsets.US_ASCII);
        p.feed(stream, 0, stream.length);
        assertEquals(List.of("41"), ids);
        assertEquals("41", p.lastEventId());
    }

    /** Strings as UTF-8 and ints as single bytes, in order. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Test
    void rawFormRoundTrips() {
        SseEvent e = new SseEvent("add", "a\n b\n", "3", "3", 500L);
        assertEquals("id: 3\nevent: add\nretry: 500\ndata: a\ndata:  b\ndata:\n", e.toSse());
        assertEquals(List.of("add|3|a\n b\n"), events(e.toSse() + "\n"));
        assertEquals("data: x\n", new SseEvent("message", "x", "", null, null).toSse());
    }

    // Where okhttp-sse 5.5.1 deviates -----------------------------------------------------------------

    /** okhttp-sse's answer for the same stream, in the same form (its id is the event's, or null). */
    static List<String> okhttp(String stream) {
        List<String> events = new ArrayList<>();
        Response response = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1/").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(stream.getBytes(StandardCharsets.UTF_8), MediaType.get("text/event-stream")))
                .build();
        EventSources.processResponse(response, new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                events.add((type == null ? "message" : type) + "|" + (id == null ? "" : id) + "|" + data);
            }
        });
        return events;
    }

    @Test
    void okhttpSseDoesNotEndValuesAtALoneCarriageReturn() {
        String stream = "event: add\rdata: x\r\r";
        assertEquals(List.of("add||x"), events(stream));
        assertNotEquals(events(stream), okhttp(stream));
    }

    @Test
    void okhttpSseKeepsTheBomInTheFirstFieldName() {
        String stream = "\uFEFFdata: x\n\n";
        assertEquals(List.of("message||x"), events(stream));
        assertNotEquals(events(stream), okhttp(stream));
    }

    @Test
    void okhttpSseTakesAnIdWithNul() {
        String stream = "id: 1\ndata: x\n\nid: a\u0000b\ndata: y\n\n";
        assertEquals(List.of("message|1|x", "message|1|y"), events(stream));
        assertNotEquals(events(stream), okhttp(stream));
    }

    @Test
    void okhttpSseTakesASignedRetry() throws Exception {
        String stream = "retry: -5\nretry: +7\ndata: x\n\n";
        assertEquals(List.of(), parse(stream).retries());
        List<Long> okhttp = new ArrayList<>();
        ServerSentEventReader reader = new ServerSentEventReader(new Buffer().writeUtf8(stream), new ServerSentEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {}

            @Override
            public void onRetryChange(long timeMs) {
                okhttp.add(timeMs);
            }
        });
        while (reader.processNextEvent()) {
            // reads to the end
        }
        assertNotEquals(List.of(), okhttp);
    }

    @Test
    void okhttpSseForgetsTheIdOfAnEventWithoutData() {
        // "id: 7" then a blank line moves the last event ID to 7; the next event carries it.
        String stream = "id: 7\n\ndata: x\n\n";
        assertEquals(List.of("message|7|x"), events(stream));
        assertNotEquals(events(stream), okhttp(stream));
    }
}
