package dev.rtc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rtc.cli.UsageException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --resolve HOST:PORT:ADDRESS[,ADDRESS…]} read as curl reads it, never asking DNS. */
class ResolveTest {
    @Test
    void anEntryAppliesToItsHostAndPortOnlyAndKeepsTheHostAsTheAddressName() throws Exception {
        Resolve r = Resolve.parse(List.of("example.test:8443:127.0.0.1"));

        List<InetAddress> found = r.lookup("Example.Test", 8443);
        assertEquals(1, found.size());
        assertEquals("Example.Test", found.get(0).getHostName(), "TLS sends this name (SNI)");
        assertEquals(InetAddress.getByName("127.0.0.1"), found.get(0));
        assertEquals(List.of(), r.lookup("example.test", 443));
        assertEquals(List.of(), r.lookup("other.test", 8443));
    }

    @Test
    void ipv6AddressesWithOrWithoutBracketsAndSeveralAddresses() throws Exception {
        Resolve r = Resolve.parse(List.of("a.test:80:[::1]", "b.test:80:::1,127.0.0.2", "[::1]:81:127.0.0.1"));

        assertEquals(List.of(InetAddress.getByName("::1")), r.lookup("a.test", 80));
        assertEquals(List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.2")), r.lookup("b.test", 80));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), r.lookup("::1", 81));
    }

    @Test
    void malformedEntriesAreUsageErrorsNamingTheEntry() {
        assertBad("example.test:443", "--resolve 'example.test:443': expected HOST:PORT:ADDRESS");
        assertBad(":443:127.0.0.1", "--resolve ':443:127.0.0.1': expected HOST:PORT:ADDRESS");
        assertBad("example.test:https:127.0.0.1", "--resolve 'example.test:https:127.0.0.1': PORT 'https' is not a number");
        assertBad("example.test:70000:127.0.0.1", "--resolve 'example.test:70000:127.0.0.1': PORT 70000 is not between 1 and 65535");
        assertBad("example.test:443:localhost", "--resolve 'example.test:443:localhost': 'localhost' is not an IP address");
        assertBad("example.test:443:256.1.1.1", "--resolve 'example.test:443:256.1.1.1': '256.1.1.1' is not an IP address");
        assertBad("example.test:443:", "--resolve 'example.test:443:': '' is not an IP address");
    }

    private static void assertBad(String spec, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Resolve.parse(List.of(spec)));
        assertEquals(message, e.getMessage());
    }
}
