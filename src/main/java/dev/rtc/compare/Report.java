package dev.rtc.compare;

import dev.rtc.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The measured table in four shapes from one column model: aligned text for a person, NDJSON (a
 * {@code conditions} record, then one {@code technique} record per row), CSV and Markdown. Beside the
 * figures stand the seed article's own words for each technique, so claim and measurement meet.
 */
final class Report {
    enum Format { TEXT, JSON, CSV, MARKDOWN }

    /** A column: its heading, its --json/--csv key, and its value (a Number, String or null for none). */
    private record Column(String heading, String key, Function<Row, Object> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("technique", "technique", r -> r.technique().id()),
            new Column("result", "result", r -> r.outcome().name().toLowerCase(Locale.ROOT)),
            new Column("delivered", "delivered", r -> counted(r, r.tally().delivered())),
            new Column("lost", "lost", r -> counted(r, r.tally().lost())),
            new Column("dup", "duplicated", r -> counted(r, r.tally().duplicated())),
            new Column("reorder", "out_of_order", r -> counted(r, r.tally().outOfOrder())),
            new Column("p50 ms", "latency_p50_ms", r -> r.tally().millisAt(50)),
            new Column("p90 ms", "latency_p90_ms", r -> r.tally().millisAt(90)),
            new Column("p99 ms", "latency_p99_ms", r -> r.tally().millisAt(99)),
            new Column("max ms", "latency_max_ms", r -> r.tally().maxMillis()),
            new Column("up p50 ms", "upstream_p50_ms", r -> r.upstream() == null ? null : r.upstream().millisAt(50)),
            new Column("requests", "http_requests", r -> counted(r, r.requests())),
            new Column("conns", "connections", r -> counted(r, r.connections())),
            new Column("bytes up", "bytes_up", r -> counted(r, r.bytesUp())),
            new Column("bytes down", "bytes_down", r -> counted(r, r.bytesDown())),
            new Column("up/msg", "bytes_up_per_message", r -> r.perMessage(r.bytesUp())),
            new Column("down/msg", "bytes_down_per_message", r -> r.perMessage(r.bytesDown())),
            new Column("reconn", "reconnections", r -> counted(r, r.reconnections())),
            new Column("recovery ms", "recovery_ms", Row::recoveryMs),
            new Column("seed: real-time", "seed_real_time", r -> r.technique().seedRealTime),
            new Column("seed: reconnection", "seed_reconnection", r -> r.technique().seedReconnection),
            new Column("note", "note", Row::note));

    private Report() {}

    private static Object counted(Row r, long n) {
        return r.outcome() == Row.Outcome.SKIPPED ? null : n;
    }

    static void print(Format format, Conditions conditions, List<Row> rows, PrintWriter out) {
        switch (format) {
            case TEXT -> text(conditions, rows, out);
            case JSON -> json(conditions, rows, out);
            case CSV -> csv(conditions, rows, out);
            case MARKDOWN -> markdown(conditions, rows, out);
        }
        out.flush();
    }

    private static String cell(Object v) {
        if (v == null) return "-";
        if (v instanceof Double d) {
            if (d.isNaN()) return "-";
            return d >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.1f", d);
        }
        return v.toString();
    }

    private static String header(Conditions c) {
        Map<String, Object> f = c.fields();
        return "rtc compare: " + f.get("messages") + " messages of " + f.get("size") + " bytes (" + f.get("payload")
                + ") at " + cell(c.settings().rate()) + "/s to " + f.get("subscribers") + " subscriber(s) per technique; "
                + "server " + f.get("server") + " over " + f.get("http") + "; poll every " + f.get("poll_interval") + "; rtt " + f.get("rtt")
                + "; chaos " + (c.settings().chaos() ? "on (every connection cut once, halfway)" : "off") + "; "
                + f.get("jvm") + "; " + f.get("host");
    }

    private static void text(Conditions c, List<Row> rows, PrintWriter out) {
        out.println(header(c));
        out.println("latency: publish call to receipt, one process; bytes: every byte on the subscribers' TCP "
                + "connections, headers, framing and handshakes included");
        out.println();
        List<String[]> lines = new ArrayList<>();
        lines.add(COLUMNS.stream().map(Column::heading).toArray(String[]::new));
        for (Row r : rows) lines.add(COLUMNS.stream().map(col -> cell(col.value().apply(r))).toArray(String[]::new));
        int[] width = new int[COLUMNS.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) width[i] = Math.max(width[i], line[i].length());
        }
        for (String[] line : lines) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean last = i == line.length - 1;
                sb.append(last ? line[i] : pad(line[i], width[i])).append(last ? "" : "  ");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static void json(Conditions c, List<Row> rows, PrintWriter out) {
        out.println(Json.object().put("type", "conditions").putAll(c.fields()));
        for (Row r : rows) {
            Json o = Json.object().put("type", "technique");
            for (Column col : COLUMNS) {
                Object v = col.value().apply(r);
                if (v instanceof Double d && d.isNaN()) v = null;
                o.putAll(java.util.Collections.singletonMap(col.key(), v));
            }
            o.put("seed_real_time_original", r.technique().seedRealTimeOriginal)
                    .put("seed_reconnection_original", r.technique().seedReconnectionOriginal);
            out.println(o);
        }
    }

    private static void csv(Conditions c, List<Row> rows, PrintWriter out) {
        List<String> head = new ArrayList<>();
        COLUMNS.forEach(col -> head.add(col.key()));
        c.fields().keySet().forEach(head::add);
        out.print(csvLine(head));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            for (Column col : COLUMNS) {
                Object v = col.value().apply(r);
                cells.add(v == null || v instanceof Double d && d.isNaN() ? "" : v.toString());
            }
            c.fields().values().forEach(v -> cells.add(String.valueOf(v)));
            out.print(csvLine(cells));
        }
    }

    /** RFC 4180: fields with a comma, quote or line end are quoted, quotes doubled; lines end in CRLF. */
    private static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (String cell : cells) {
            if (!sb.isEmpty()) sb.append(',');
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                sb.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(cell);
            }
        }
        return sb.append("\r\n").toString();
    }

    private static void markdown(Conditions c, List<Row> rows, PrintWriter out) {
        out.println(header(c).replace("|", "\\|"));
        out.println();
        out.println("| " + String.join(" | ", COLUMNS.stream().map(Column::heading).toList()) + " |");
        out.println("|" + " --- |".repeat(COLUMNS.size()));
        for (Row r : rows) {
            out.println("| " + String.join(" | ", COLUMNS.stream().map(col -> cell(col.value().apply(r)).replace("|", "\\|")).toList()) + " |");
        }
    }
}
