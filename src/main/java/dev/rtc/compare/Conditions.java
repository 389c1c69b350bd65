package dev.rtc.compare;

import dev.rtc.cli.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured under, for the table's header and the {@code conditions} record. */
record Conditions(String server, String http, Comparison.Settings settings, String jvm, String host) {

    static Conditions of(String server, String http, Comparison.Settings settings) {
        String jvm = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
        String host = hostName() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
        return new Conditions(server, http, settings, jvm, host);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    /** In the order the header shows them. */
    Map<String, Object> fields() {
        Comparison.Settings s = settings;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server);
        m.put("http", http);
        m.put("messages", s.messages());
        m.put("size", s.size());
        m.put("payload", s.binary() ? "binary" : "text");
        m.put("rate", s.rate());
        m.put("subscribers", s.subscribers());
        m.put("poll_interval", Durations.format(s.pollInterval()));
        m.put("rtt", Durations.format(s.rtt()));
        m.put("chaos", s.chaos());
        m.put("jvm", jvm);
        m.put("host", host);
        return m;
    }
}
