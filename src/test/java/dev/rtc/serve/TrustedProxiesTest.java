package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rtc.Captured;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --trust-proxy: networks parsed, and the client read from X-Forwarded-For and Forwarded only behind a trusted peer. */
class TrustedProxiesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.7", 40001);
    private static final InetSocketAddress PROXY6 = new InetSocketAddress("2001:db8::5", 40002);

    private static HttpHeaders headers(String... nameValue) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValue.length; i += 2) h.add(nameValue[i], nameValue[i + 1]);
        return h;
    }

    private static final TrustedProxies TRUST = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8::/32", "127.0.0.1"));

    @Test
    void anUntrustedPeerIsItselfWhateverItsHeadersSay() {
        assertEquals("192.0.2.7:40001", TRUST.client(STRANGER, headers("X-Forwarded-For", "203.0.113.9")));
        assertEquals("192.0.2.7:40001", TRUST.client(STRANGER, headers("Forwarded", "for=203.0.113.9")));
        assertEquals("10.0.0.5:40000", TrustedProxies.NONE.client(PROXY, headers("X-Forwarded-For", "203.0.113.9")));
    }

    @Test
    void xForwardedForGivesTheRightMostUntrustedAddress() {
        assertEquals("203.0.113.9", TRUST.client(PROXY, headers("X-Forwarded-For", "203.0.113.9")));
        // The client prepended a lie; the trusted proxies appended the truth on the right.
        assertEquals("198.51.100.2", TRUST.client(PROXY, headers("X-Forwarded-For", "6.6.6.6, 198.51.100.2, 10.1.2.3")));
        assertEquals("198.51.100.2", TRUST.client(PROXY, headers("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.2,10.1.2.3")));
        assertEquals("10.9.9.9", TRUST.client(PROXY, headers("X-Forwarded-For", "10.9.9.9, 10.1.2.3")), "all trusted: the left-most");
        assertEquals("[2001:db9::1]", TRUST.client(PROXY6, headers("X-Forwarded-For", "2001:db9::1")));
        assertEquals("203.0.113.9:5555", TRUST.client(PROXY, headers("X-Forwarded-For", "203.0.113.9:5555")));
        assertEquals("10.1.2.3", TRUST.client(PROXY, headers("X-Forwarded-For", "not-an-address, 10.1.2.3")), "garbage ends the walk");
        assertEquals("10.0.0.5:40000", TRUST.client(PROXY, headers()), "no header: the peer");
        assertEquals("10.0.0.5:40000", TRUST.client(PROXY, headers("X-Forwarded-For", "example.com")), "a name is never looked up");
    }

    @Test
    void forwardedForWinsOverXForwardedForAndIsReadPerRfc7239() {
        assertEquals("203.0.113.9", TRUST.client(PROXY, headers("Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-For", "6.6.6.6")));
        assertEquals("[2001:db9:cafe::17]:4711", TRUST.client(PROXY, headers("Forwarded",
                "for=6.6.6.6, for=\"[2001:db9:cafe::17]:4711\";by=10.0.0.5, For=10.2.2.2")));
        assertEquals("10.2.2.2", TRUST.client(PROXY, headers("Forwarded", "for=unknown, for=10.2.2.2")), "unknown ends the walk");
        assertEquals(List.of("a,b", "", "c"), TrustedProxies.forwardedFor("for=\"a,b\";proto=http, by=x, for=c"));
    }

    @Test
    void networksAreIpv4OrIpv6WithAPrefixAndAnIpv4MappedPeerIsIpv4() {
        TrustedProxies t = TrustedProxies.parse(List.of("192.168.0.0/23", "::1"));
        assertEquals("9.9.9.9", t.client(new InetSocketAddress("192.168.1.255", 1), headers("X-Forwarded-For", "9.9.9.9")));
        assertEquals("192.168.2.1:1", t.client(new InetSocketAddress("192.168.2.1", 1), headers("X-Forwarded-For", "9.9.9.9")));
        assertEquals("9.9.9.9", t.client(new InetSocketAddress("::1", 1), headers("X-Forwarded-For", "9.9.9.9")));
        TrustedProxies all = TrustedProxies.parse(List.of("0.0.0.0/0"));
        assertEquals("9.9.9.9", all.client(new InetSocketAddress("::ffff:1.2.3.4", 1), headers("X-Forwarded-For", "9.9.9.9")));
    }

    @Test
    void aBadNetworkIsOneLineNamingIt() {
        assertEquals("'10.0.0.0/33': the prefix length must be 0 to 32",
                assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33"))).getMessage());
        assertEquals("'::/129': the prefix length must be 0 to 128",
                assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("::/129"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/x")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0/8")));

        Captured run = Captured.run("serve", "-p", "0", "--trust-proxy", "10.0.0.0/8", "lb.example");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("rtc: --trust-proxy 'lb.example' is not an address or a network (such as 10.0.0.0/8, ::1, 2001:db8::/32)"
                + " (see 'rtc serve --help')\n", run.err());
    }
}
