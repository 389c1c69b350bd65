package dev.rtc.http;

import dev.rtc.cli.UsageException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code --resolve HOST:PORT:ADDRESS[,ADDRESS…]} as curl reads it: connections to HOST on PORT go to
 * ADDRESS (an IP address, IPv6 in brackets or not) without asking DNS, while the URL keeps its host, so
 * the Host header, TLS's server name (SNI) and the certificate check still name HOST. Every client takes
 * it: OkHttp through its {@link okhttp3.Dns}, the WebSocket client through its resolver.
 */
public final class Resolve {
    /** No override: every host is looked up as usual. */
    public static final Resolve NONE = new Resolve(List.of());

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private record Entry(String host, int port, List<byte[]> addresses) {}

    private final List<Entry> entries;

    private Resolve(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The {@code --resolve} values; a usage error (exit 2) naming the one that is malformed. */
    public static Resolve parse(List<String> specs) {
        if (specs == null || specs.isEmpty()) return NONE;
        List<Entry> entries = new ArrayList<>();
        for (String spec : specs) entries.add(entry(spec));
        return new Resolve(entries);
    }

    private static Entry entry(String spec) {
        String hostEnd = spec.startsWith("[") ? "]:" : ":";
        int first = spec.indexOf(hostEnd);
        if (first >= 0) first += hostEnd.length() - 1;
        int second = first < 0 ? -1 : spec.indexOf(':', first + 1);
        if (first <= 0 || second < 0) throw bad(spec, "expected HOST:PORT:ADDRESS");
        String host = unbracket(spec.substring(0, first)).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) throw bad(spec, "no HOST");
        int port;
        try {
            port = Integer.parseInt(spec.substring(first + 1, second));
        } catch (NumberFormatException e) {
            throw bad(spec, "PORT '" + spec.substring(first + 1, second) + "' is not a number");
        }
        if (port < 1 || port > 65535) throw bad(spec, "PORT " + port + " is not between 1 and 65535");
        List<byte[]> addresses = new ArrayList<>();
        for (String a : spec.substring(second + 1).split(",", -1)) {
            byte[] address = literal(unbracket(a.trim()));
            if (address == null) throw bad(spec, "'" + a + "' is not an IP address");
            addresses.add(address);
        }
        return new Entry(host, port, addresses);
    }

    /** An IPv4 or IPv6 literal's bytes, or null for anything else (never a DNS lookup). */
    private static byte[] literal(String text) {
        if (text.isEmpty()) return null;
        try {
            if (IPV4.matcher(text).matches()) return InetAddress.getByName(text).getAddress();
            // HttpUrl validates an IPv6 literal strictly; InetAddress then parses it without a lookup.
            if (text.contains(":") && okhttp3.HttpUrl.parse("http://[" + text + "]/") != null) {
                return InetAddress.getByName("[" + text + "]").getAddress();
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static String unbracket(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static UsageException bad(String spec, String problem) {
        return new UsageException("--resolve '" + spec + "': " + problem);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The addresses {@code --resolve} gives for {@code host} on {@code port}, each carrying {@code host} as
     * its name (so TLS sends it as the server name); an empty list when no entry names them.
     */
    public List<InetAddress> lookup(String host, int port) {
        String name = unbracket(host).toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (e.port() != port || !e.host().equals(name)) continue;
            List<InetAddress> found = new ArrayList<>();
            for (byte[] a : e.addresses()) {
                try {
                    found.add(InetAddress.getByAddress(host, a));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible); // only for a byte array of the wrong length
                }
            }
            return found;
        }
        return List.of();
    }

    /**
     * OkHttp's resolver for a session whose URL has {@code port}: OkHttp asks by host name alone, so an
     * entry applies to the session's own port (a redirect to another port of the same host goes there too).
     */
    okhttp3.Dns dns(int port) {
        if (isEmpty()) return okhttp3.Dns.SYSTEM;
        return hostname -> {
            List<InetAddress> found = lookup(hostname, port);
            return found.isEmpty() ? okhttp3.Dns.SYSTEM.lookup(hostname) : found;
        };
    }
}
