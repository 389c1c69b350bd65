package dev.rtc.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate: made once, private, reused while it does, and what openssl accepts. */
@Timeout(value = 60, unit = SECONDS)
class SelfSignedTest {
    private static final Duration RUN = Duration.ofSeconds(20);

    @TempDir
    Path state;

    private Path dir() {
        return state.resolve("rtc").resolve("tls");
    }

    private SelfSigned ensure(Instant now, String... extra) {
        List<String> names = new java.util.ArrayList<>(SelfSigned.LOOPBACK);
        names.addAll(List.of(extra));
        return SelfSigned.ensure(dir(), names, now);
    }

    @Test
    void makesAnOwnerOnlyKeyAndACertificateForLoopbackAndTheHost() throws Exception {
        SelfSigned s = ensure(Instant.now(), "rtc.example", "10.1.2.3");

        assertEquals(dir().resolve("localhost.crt"), s.certificate());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.key())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        assertTrue(Files.readString(s.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(Set.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "rtc.example", "10.1.2.3"), SelfSigned.namesOf(s.material().certificate()));
        assertEquals(s.material().fingerprint(), KeyMaterial.load(s.certificate(), s.key()).fingerprint(), "the files hold what it returned");
        Duration validity = Duration.between(s.material().certificate().getNotBefore().toInstant(), s.material().certificate().getNotAfter().toInstant());
        assertEquals(SelfSigned.VALIDITY.plusHours(1).toMinutes(), validity.toMinutes());
    }

    @Test
    void opensslVerifiesItAgainstItselfForEachLoopbackName() {
        String openssl = Tool.openssl();
        SelfSigned s = ensure(Instant.now());
        String cert = s.certificate().toString();

        for (String[] check : List.of(new String[] {"-verify_hostname", "localhost"}, new String[] {"-verify_ip", "127.0.0.1"},
                new String[] {"-verify_ip", "::1"})) {
            Proc.Result r = Proc.run(RUN, openssl, "verify", "-purpose", "sslserver", check[0], check[1], "-CAfile", cert, cert);
            assertEquals(cert + ": OK\n", r.out(), String.join(" ", check) + ": " + r.err());
        }
        Proc.Result other = Proc.run(RUN, openssl, "verify", "-verify_hostname", "example.com", "-CAfile", cert, cert);
        assertNotEquals(0, other.exit(), "a name it is not for: " + other.out());
    }

    @Test
    void aSecondStartReusesTheSameCertificateAndKey() throws Exception {
        Instant now = Instant.now();
        SelfSigned first = ensure(now);
        String key = Files.readString(first.key());

        SelfSigned second = ensure(now.plus(Duration.ofDays(30)));

        assertEquals(first.material().fingerprint(), second.material().fingerprint());
        assertEquals(key, Files.readString(second.key()));
    }

    @Test
    void aNewHostMakesANewCertificateThatStillNamesTheOldOnes() {
        Instant now = Instant.now();
        SelfSigned first = ensure(now, "one.example");

        SelfSigned second = ensure(now, "192.168.7.7");
        SelfSigned third = ensure(now, "one.example");

        assertNotEquals(first.material().fingerprint(), second.material().fingerprint());
        assertTrue(SelfSigned.namesOf(second.material().certificate()).containsAll(Set.of("one.example", "192.168.7.7")));
        assertEquals(second.material().fingerprint(), third.material().fingerprint(), "both hosts are named now");
    }

    @Test
    void aCertificateNearItsEndIsReplaced() {
        Instant now = Instant.now();
        SelfSigned first = ensure(now);

        SelfSigned later = ensure(now.plus(SelfSigned.VALIDITY).minus(SelfSigned.RENEW_BEFORE).plusSeconds(60));

        assertNotEquals(first.material().fingerprint(), later.material().fingerprint());
    }

    @Test
    void aKeyOthersCanReadOrADamagedFileIsReplaced() throws Exception {
        Instant now = Instant.now();
        SelfSigned first = ensure(now);
        Files.setPosixFilePermissions(first.key(), PosixFilePermissions.fromString("rw-r--r--"));

        SelfSigned second = ensure(now);
        Files.writeString(second.certificate(), "damaged");
        SelfSigned third = ensure(now);

        assertNotEquals(first.material().fingerprint(), second.material().fingerprint());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second.key())));
        assertNotEquals(second.material().fingerprint(), third.material().fingerprint());
        assertEquals(third.material().fingerprint(), KeyMaterial.load(third.certificate(), third.key()).fingerprint());
    }

    @Test
    void wildcardAddressesAreNotNamesButHostsAndBracketsAre() {
        assertTrue(SelfSigned.isWildcard("0.0.0.0"));
        assertTrue(SelfSigned.isWildcard("::"));
        assertTrue(SelfSigned.isWildcard("[::]"));
        assertEquals("0:0:0:0:0:0:0:1", SelfSigned.normalise("[::1]"));
        assertEquals("my-laptop.local", SelfSigned.normalise("My-Laptop.local"));
    }
}
