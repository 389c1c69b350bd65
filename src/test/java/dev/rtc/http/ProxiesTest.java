package dev.rtc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which proxy a connection goes through, from --proxy, --noproxy and the environment, as curl decides. */
class ProxiesTest {
    private static final Map<String, String> ENV = Map.of(
            "http_proxy", "http://plain:3128",
            "HTTPS_PROXY", "http://secure:3128",
            "NO_PROXY", "internal.example, .corp");

    @Test
    void plainConnectionsUseHttpProxyAndTlsOnesHttpsProxyInEitherCase() {
        assertEquals(new Proxies.Choice("http://plain:3128", "http_proxy"), Proxies.choose(false, "example.com", null, null, ENV));
        assertEquals(new Proxies.Choice("http://secure:3128", "HTTPS_PROXY"), Proxies.choose(true, "example.com", null, null, ENV));
    }

    @Test
    void lowerCaseWinsAndAllProxyIsTheFallback() {
        Map<String, String> env = Map.of("http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:1", "ALL_PROXY", "socks5://all:1080");
        assertEquals("http://lower:1", Proxies.choose(false, "example.com", null, null, env).url());
        assertEquals(new Proxies.Choice("socks5://all:1080", "ALL_PROXY"), Proxies.choose(true, "example.com", null, null, env));
        assertNull(Proxies.choose(false, "example.com", null, null, Map.of()));
    }

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertEquals(new Proxies.Choice("http://mine:8080", "--proxy"), Proxies.choose(false, "example.com", "http://mine:8080", null, ENV));
    }

    @Test
    void noProxyHostsAndTheirSubdomainsGoDirect() {
        assertNull(Proxies.choose(false, "internal.example", null, null, ENV));
        assertNull(Proxies.choose(false, "api.internal.example", null, null, ENV));
        assertNull(Proxies.choose(true, "build.corp", null, null, ENV));
        assertEquals("http://plain:3128", Proxies.choose(false, "notinternal.example", null, null, ENV).url());
        assertNull(Proxies.choose(false, "anything", null, null, Map.of("http_proxy", "http://p:1", "no_proxy", "*")));
        assertNull(Proxies.choose(false, "[::1]", null, null, Map.of("http_proxy", "http://p:1", "no_proxy", "::1")));
    }

    @Test
    void theNoproxyOptionReplacesNoProxyAndAppliesToTheOptionToo() {
        assertEquals("http://plain:3128", Proxies.choose(false, "internal.example", null, "other.example", ENV).url());
        assertNull(Proxies.choose(false, "127.0.0.1", "http://mine:8080", "127.0.0.1,localhost", ENV));
    }
}
