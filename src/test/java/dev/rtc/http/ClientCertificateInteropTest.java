package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cert} and {@code --key} against Node servers that require a client certificate issued by their
 * CA ({@code requestCert}, {@code rejectUnauthorized}), made by openssl: refused without one, let in with
 * one, over HTTP/1.1, HTTP/2 and a WebSocket.
 */
@Timeout(value = 60, unit = SECONDS)
class ClientCertificateInteropTest {
    @TempDir
    static Path dir;

    private static OpensslCertificates certs;
    private static OpensslCertificates.Issued client;
    private static NodeServer https;
    private static NodeServer h2;

    @BeforeAll
    static void start() {
        certs = OpensslCertificates.in(dir);
        OpensslCertificates.Issued server = certs.issue("127.0.0.1", "IP:127.0.0.1");
        client = certs.issue("rtc client", null);
        https = NodeServer.start("https", server.cert(), server.key(), certs.ca());
        h2 = NodeServer.start("h2", server.cert(), server.key(), certs.ca());
    }

    @AfterAll
    static void stop() {
        if (https != null) https.close();
        if (h2 != null) h2.close();
    }

    /** {@code rtc COMMAND --cacert CA -n 1 ARGS…}. */
    private static Captured run(String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], "--cacert", certs.ca().toString(), "-n", "1"));
        all.addAll(List.of(args).subList(1, args.length));
        return Captured.run(all.toArray(String[]::new));
    }

    /**
     * Refused: one line naming the server. Over TLS 1.3 the server's alert comes after the client's handshake
     * is done, so the client may hit the closed connection before it reads the alert (a broken pipe, or for
     * WebSocket a connection closed before the handshake completed).
     */
    private static void assertRefused(Captured run, int port) {
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().matches("rtc: (TLS with |connection to )?127\\.0\\.0\\.1:" + port + "[: ].*\n") && run.err().lines().count() == 1,
                run.err());
    }

    @Test
    void pollIsRefusedWithoutAClientCertificateAndLetInWithOne() {
        String url = "https://127.0.0.1:" + https.port() + "/poll";

        assertRefused(run("poll", url), https.port());
        Captured in = run("poll", "--cert", client.cert().toString(), "--key", client.key().toString(), url);

        assertEquals(0, in.exitCode(), in.err());
        assertEquals("poll over HTTP/1.1 to 127.0.0.1:" + https.port() + " as rtc client\n", in.out());
    }

    @Test
    void http2WithAClientCertificate() {
        String url = "https://127.0.0.1:" + h2.port() + "/poll";

        assertRefused(run("poll", "--http2", url), h2.port());
        Captured in = run("poll", "--http2", "--cert", client.cert().toString(), "--key", client.key().toString(), url);

        assertEquals(0, in.exitCode(), in.err());
        assertEquals("poll over HTTP/2 to 127.0.0.1:" + h2.port() + " as rtc client\n", in.out());
    }

    @Test
    void wsIsRefusedWithoutAClientCertificateAndLetInWithOne() {
        String url = "wss://127.0.0.1:" + https.port() + "/ws";

        assertRefused(run("ws", url), https.port());
        Captured in = run("ws", "--cert", client.cert().toString(), "--key", client.key().toString(), url);

        assertEquals(0, in.exitCode(), in.err());
        assertEquals("hello over wss as rtc client\n", in.out());
    }

    @Test
    void theKeyMayBeInTheCertificateFileAsCurlAllows() throws Exception {
        Path both = dir.resolve("client-and-key.pem");
        Files.writeString(both, Files.readString(client.cert()) + Files.readString(client.key()));

        Captured in = run("poll", "--cert", both.toString(), "https://127.0.0.1:" + https.port() + "/poll");

        assertEquals(0, in.exitCode(), in.err());
        assertEquals("poll over HTTP/1.1 to 127.0.0.1:" + https.port() + " as rtc client\n", in.out());
    }

    @Test
    void aCertificateWithoutItsKeyOrAKeyWithoutItsCertificateIsAUsageError() {
        Captured noKey = run("sse", "--cert", client.cert().toString(), "https://127.0.0.1:" + https.port() + "/sse");
        Captured noCert = run("ws", "--key", client.key().toString(), "wss://127.0.0.1:" + https.port() + "/ws");

        assertEquals(2, noKey.exitCode());
        assertEquals("rtc: --cert " + client.cert() + " holds no private key: give it with --key FILE (see 'rtc sse --help')\n",
                noKey.err());
        assertEquals(2, noCert.exitCode());
        assertEquals("rtc: --key needs --cert FILE (the certificate of that key) (see 'rtc ws --help')\n", noCert.err());
    }

    @Test
    void badFilesAreOneLineNamingTheFile() {
        Path missing = dir.resolve("missing.pem");
        Captured none = run("poll", "--cert", missing.toString(), "--key", client.key().toString(),
                "https://127.0.0.1:" + https.port() + "/poll");
        Captured wrongKey = run("ws", "--cert", client.cert().toString(), "--key", certs.issue("other", null).key().toString(),
                "wss://127.0.0.1:" + https.port() + "/ws");

        assertEquals(1, none.exitCode());
        assertEquals("rtc: " + missing + ": no such file\n", none.err());
        assertEquals(1, wrongKey.exitCode());
        assertEquals("rtc: " + dir.resolve("other.key") + ": the private key does not match the certificate in " + client.cert() + "\n",
                wrongKey.err());
    }
}
