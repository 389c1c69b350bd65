package dev.rtc.serve;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --trust-proxy CIDR…}: the networks whose {@code Forwarded} (RFC 7239 {@code for=}) or, without
 * it, {@code X-Forwarded-For} this server believes. The client is found as nginx's
 * {@code real_ip_recursive on} finds it: from the direct peer leftwards through the header, the first
 * address not in those networks (all trusted: the left-most). A client can put anything on the left of the
 * header, but no trusted proxy appends a lie on the right. An entry that is not an address ({@code unknown},
 * an obfuscated name, garbage) ends the walk at the last address reached. From an untrusted peer the headers
 * are ignored.
 */
final class TrustedProxies {
    static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** A network: its address bytes (4 or 16) and prefix length. */
    private record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[whole] & mask) == (network[whole] & mask);
        }
    }

    /** An address from a header: its bytes and its text as logged ({@code 192.0.2.1}, {@code [2001:db8::1]:4711}). */
    private record Hop(byte[] address, String text) {}

    private final List<Cidr> networks;

    private TrustedProxies(List<Cidr> networks) {
        this.networks = networks;
    }

    /**
     * {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address ({@code 127.0.0.1}, {@code ::1}).
     * A value that is none of those: {@link IllegalArgumentException} with one line naming it.
     */
    static TrustedProxies parse(List<String> cidrs) {
        List<Cidr> out = new ArrayList<>();
        for (String c : cidrs) out.add(cidr(c.trim()));
        return out.isEmpty() ? NONE : new TrustedProxies(List.copyOf(out));
    }

    private static Cidr cidr(String value) {
        int slash = value.indexOf('/');
        byte[] address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + value + "' is not an address or a network (such as 10.0.0.0/8, ::1, 2001:db8::/32)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = value.substring(slash + 1);
            try {
                prefix = p.matches("\\d{1,3}") ? Integer.parseInt(p) : -1;
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + value + "': the prefix length must be 0 to " + bits);
            }
        }
        return new Cidr(address, prefix);
    }

    /** The bytes of an IP literal (never a name: nothing is looked up), an IPv4-mapped IPv6 one as IPv4; else null. */
    private static byte[] literal(String s) {
        if (s.isEmpty()) return null;
        byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
        if (b == null) return null;
        if (b.length == 16 && isMapped(b)) return java.util.Arrays.copyOfRange(b, 12, 16);
        return b;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    private boolean trusts(byte[] address) {
        for (Cidr c : networks) if (c.contains(address)) return true;
        return false;
    }

    /**
     * The client of a request as the access log and the poll-subscriber identity name it: the direct peer
     * ({@code HOST:PORT}), or, when that peer is trusted, the address its forwarding headers give.
     */
    String client(SocketAddress direct, HttpHeaders headers) {
        String peer = AccessLog.address(direct);
        if (networks.isEmpty() || !(direct instanceof InetSocketAddress i) || i.getAddress() == null) return peer;
        byte[] at = i.getAddress().getAddress();
        if (at.length == 16 && isMapped(at)) at = java.util.Arrays.copyOfRange(at, 12, 16);
        if (!trusts(at)) return peer;
        List<String> entries = headers.contains("Forwarded") ? forwardedFor(String.join(",", headers.getAll("Forwarded")))
                : split(String.join(",", headers.getAll("X-Forwarded-For")));
        String client = peer;
        for (int k = entries.size() - 1; k >= 0; k--) {
            Hop hop = hop(entries.get(k));
            if (hop == null) break;
            client = hop.text();
            if (!trusts(hop.address())) break;
        }
        return client;
    }

    /** The comma-separated entries of an {@code X-Forwarded-For}, trimmed, the empty ones left out. */
    private static List<String> split(String header) {
        List<String> out = new ArrayList<>();
        for (String e : header.split(",")) if (!e.isBlank()) out.add(e.trim());
        return out;
    }

    /**
     * The {@code for=} value of each element of a {@code Forwarded} header (RFC 7239 section 4), unquoted;
     * an element without one gives "" (which ends the walk). Commas and semicolons inside quotes are text.
     */
    static List<String> forwardedFor(String header) {
        List<String> out = new ArrayList<>();
        String found = "";
        StringBuilder pair = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < header.length()) {
                    pair.append(header.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    pair.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == ';' || c == ',') {
                String p = pair.toString().trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("for")) found = p.substring(eq + 1).trim();
                if (!p.isEmpty()) any = true;
                pair.setLength(0);
                if (c == ',') {
                    if (any) out.add(found);
                    found = "";
                    any = false;
                }
            } else {
                pair.append(c);
            }
        }
        return out;
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code 2001:db8::1}, {@code [2001:db8::1]}, {@code [2001:db8::1]:80}; else null. */
    private static Hop hop(String entry) {
        String host = entry;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) return null;
            host = entry.substring(1, close);
            String after = entry.substring(close + 1);
            if (after.startsWith(":")) port = after.substring(1);
            else if (!after.isEmpty()) return null;
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        }
        if (port != null && !port.matches("\\d{1,5}")) return null;
        byte[] address = literal(host);
        if (address == null) return null;
        String text = address.length == 16 ? "[" + host + "]" : host;
        if (address.length == 4 && host.indexOf(':') >= 0) text = NetUtil.bytesToIpAddress(address);
        return new Hop(address, port == null ? text : text + ":" + port);
    }
}
