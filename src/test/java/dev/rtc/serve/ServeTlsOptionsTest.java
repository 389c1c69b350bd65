package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.Captured;
import dev.rtc.tls.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtc serve}'s TLS options: combinations that make no sense are usage errors, bad files one line and exit 1, before binding. */
@Timeout(value = 60, unit = SECONDS)
class ServeTlsOptionsTest {
    @TempDir
    Path dir;

    private static void assertRun(int exit, String err, Captured run) {
        assertEquals(List.of(exit, "", err), List.of(run.exitCode(), run.out(), run.err()));
    }

    @Test
    void optionCombinationsThatMakeNoSenseAreUsageErrors() {
        assertRun(2, "rtc: --tls-cert needs --tls-key, the private key of that certificate (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--tls-cert", "a.crt"));
        assertRun(2, "rtc: --tls-key needs --tls-cert, the certificate of that key (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--tls-key", "a.key"));
        assertRun(2, "rtc: --tls: the one value is self-signed, got 'on' (for a certificate of your own: --tls-cert FILE --tls-key FILE) (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--tls", "on"));
        assertRun(2, "rtc: --tls self-signed and --tls-cert/--tls-key exclude each other: give one (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--tls", "self-signed", "--tls-cert", "a.crt", "--tls-key", "a.key"));
        assertRun(2, "rtc: --tls-client-ca needs TLS: add --tls-cert FILE --tls-key FILE, or --tls self-signed (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--tls-client-ca", "ca.crt"));
        assertRun(2, "rtc: --redis-cacert needs a rediss:// --redis URL (TLS to Redis) (see 'rtc serve --help')\n",
                Captured.run("serve", "-p", "0", "--redis", "redis://127.0.0.1:1", "--redis-cacert", "ca.crt"));
    }

    @Test
    void badFilesAreOneLineNamingTheFileAndExitOne() throws Exception {
        Openssl openssl = new Openssl(dir);
        Path cert = openssl.selfSigned("server", "ec");
        Path key = openssl.file("server.key");
        Path otherKey = openssl.key("other", "rsa");
        Path missing = dir.resolve("missing.pem");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");

        assertRun(1, "rtc: " + missing + ": no such file\n", Captured.run("serve", "-p", "0", "--tls-cert", missing.toString(), "--tls-key", key.toString()));
        assertRun(1, "rtc: " + otherKey + ": the private key does not match the certificate in " + cert + "\n",
                Captured.run("serve", "-p", "0", "--tls-cert", cert.toString(), "--tls-key", otherKey.toString()));
        assertRun(1, "rtc: " + text + ": no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)\n",
                Captured.run("serve", "-p", "0", "--tls-cert", cert.toString(), "--tls-key", text.toString()));
        assertRun(1, "rtc: " + text + ": no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)\n",
                Captured.run("serve", "-p", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-client-ca", text.toString()));
    }
}
