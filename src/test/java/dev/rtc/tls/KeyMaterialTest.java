package dev.rtc.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.cli.RtcException;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM files as openssl writes them, each form of key, and every way a pair of files can be wrong. */
@Timeout(value = 60, unit = SECONDS)
class KeyMaterialTest {
    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Openssl openssl;

    @BeforeEach
    void needOpenssl() {
        openssl = new Openssl(dir);
    }

    private void openssl(String... args) {
        openssl.run(args);
    }

    private void keyAndCertificate(String name, String kind) {
        openssl.selfSigned(name, kind);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String failure(Runnable r) {
        return assertThrows(RtcException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void loadsAPkcs8KeyOfEachKind(String kind) throws Exception {
        keyAndCertificate("server", kind);
        assertTrue(Files.readString(dir.resolve("server.key")).startsWith("-----BEGIN PRIVATE KEY-----"));

        KeyMaterial m = KeyMaterial.load(dir.resolve("server.crt"), dir.resolve("server.key"));

        assertEquals(kind.equals("rsa") ? "RSA" : "EC", m.key().getAlgorithm());
        assertEquals("CN=server", m.certificate().getSubjectX500Principal().getName());
        X509KeyManager km = m.keyManager();
        String alias = km.chooseServerAlias(m.key().getAlgorithm(), null, null);
        assertArrayEquals(m.chain().toArray(), km.getCertificateChain(alias));
    }

    @Test
    void loadsATraditionalRsaKey() throws Exception {
        keyAndCertificate("server", "rsa");
        openssl("rsa", "-in", dir.resolve("server.key").toString(), "-traditional", "-out", dir.resolve("rsa.key").toString());
        assertTrue(Files.readString(dir.resolve("rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        KeyMaterial m = KeyMaterial.load(dir.resolve("server.crt"), dir.resolve("rsa.key"));

        assertEquals("RSA", m.key().getAlgorithm());
    }

    @Test
    void loadsATraditionalEcKeyWithItsParametersBlock() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", dir.resolve("ec.key").toString());
        openssl("req", "-x509", "-key", dir.resolve("ec.key").toString(), "-subj", "/CN=ec", "-days", "2", "-out", dir.resolve("ec.crt").toString());
        String text = Files.readString(dir.resolve("ec.key"));
        assertTrue(text.startsWith("-----BEGIN EC PARAMETERS-----") && text.contains("-----BEGIN EC PRIVATE KEY-----"), text);

        KeyMaterial m = KeyMaterial.load(dir.resolve("ec.crt"), dir.resolve("ec.key"));

        assertEquals("EC", m.key().getAlgorithm());
        openssl("ec", "-in", dir.resolve("ec.key").toString(), "-out", dir.resolve("plain-ec.key").toString());
        assertTrue(Files.readString(dir.resolve("plain-ec.key")).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals(m.key(), KeyMaterial.load(dir.resolve("ec.crt"), dir.resolve("plain-ec.key")).key());
    }

    @Test
    void loadsAChainInOrderAndAKeyInTheSameFile() throws Exception {
        keyAndCertificate("ca", "ec");
        openssl.signedBy("leaf", "ca");
        Path all = write("all.pem", Files.readString(dir.resolve("leaf.crt")) + Files.readString(dir.resolve("ca.crt"))
                + Files.readString(dir.resolve("leaf.key")));

        KeyMaterial m = KeyMaterial.load(all, all);

        assertEquals(List.of("CN=leaf", "CN=ca"), m.chain().stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    @Test
    void aKeyOfAnotherCertificateIsOneLineNamingBothFiles() {
        keyAndCertificate("one", "ec");
        keyAndCertificate("two", "ec");
        keyAndCertificate("three", "rsa");

        assertEquals(dir.resolve("two.key") + ": the private key does not match the certificate in " + dir.resolve("one.crt"),
                failure(() -> KeyMaterial.load(dir.resolve("one.crt"), dir.resolve("two.key"))));
        assertEquals(dir.resolve("three.key") + ": the private key does not match the certificate in " + dir.resolve("one.crt"),
                failure(() -> KeyMaterial.load(dir.resolve("one.crt"), dir.resolve("three.key"))), "RSA key, EC certificate");
        assertEquals(dir.resolve("one.key") + ": the private key does not match the certificate in " + dir.resolve("three.crt"),
                failure(() -> KeyMaterial.load(dir.resolve("three.crt"), dir.resolve("one.key"))), "EC key, RSA certificate");
    }

    @Test
    void anExpiredOrNotYetValidCertificateSaysTheDate() throws Exception {
        Instant now = Instant.now();
        KeyMaterial old = SelfSigned.generate(List.of("localhost"), Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-02-03T04:05:06Z"));
        KeyMaterial future = SelfSigned.generate(List.of("localhost"), now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(500)));
        Path oldCert = write("old.crt", pemOf(old.certificate()));
        Path oldKey = write("old.key", pemOf(old.key()));
        Path futureCert = write("future.crt", pemOf(future.certificate()));
        Path futureKey = write("future.key", pemOf(future.key()));

        assertEquals(oldCert + ": the certificate expired on 2021-02-03 04:05:06 UTC", failure(() -> KeyMaterial.load(oldCert, oldKey)));
        String notYet = failure(() -> KeyMaterial.load(futureCert, futureKey));
        assertTrue(notYet.startsWith(futureCert + ": the certificate is not valid before " + now.plus(Duration.ofDays(400)).toString().substring(0, 10) + " "), notYet);
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() throws Exception {
        keyAndCertificate("server", "ec");
        openssl("pkey", "-in", dir.resolve("server.key").toString(), "-aes256", "-passout", "pass:secret",
                "-out", dir.resolve("pkcs8-encrypted.key").toString());
        openssl("ec", "-in", dir.resolve("server.key").toString(), "-aes256", "-passout", "pass:secret",
                "-out", dir.resolve("traditional-encrypted.key").toString());

        for (String name : List.of("pkcs8-encrypted.key", "traditional-encrypted.key")) {
            Path key = dir.resolve(name);
            assertEquals(key + ": the private key is encrypted, which is not supported: decrypt it first (openssl pkey -in " + key + " -out PLAIN.key)",
                    failure(() -> KeyMaterial.load(dir.resolve("server.crt"), key)), Files.readString(key).lines().findFirst().orElse(""));
        }
    }

    @Test
    void filesThatHoldTheWrongThingSayWhatTheyHold() throws Exception {
        keyAndCertificate("server", "ec");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Path garbage = write("garbage.pem", "this is not PEM\n\u0000\u00ff binary too\n");
        Path broken = write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n");
        Path der = dir.resolve("server.der");
        openssl("x509", "-in", cert.toString(), "-outform", "DER", "-out", der.toString());

        assertEquals(key + ": no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----; found a private key)",
                failure(() -> KeyMaterial.load(key, cert)), "the two files swapped");
        assertEquals(cert + ": no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY; found a certificate)",
                failure(() -> KeyMaterial.load(cert, cert)));
        assertEquals(garbage + ": no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)", failure(() -> KeyMaterial.load(garbage, key)));
        assertEquals(der + ": no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)", failure(() -> KeyMaterial.load(der, key)));
        String brokenMessage = failure(() -> KeyMaterial.load(broken, key));
        assertTrue(brokenMessage.startsWith(broken + ": not a readable PEM file: "), brokenMessage);
        assertEquals(1, brokenMessage.lines().count(), brokenMessage);
    }

    @Test
    void missingUnreadableAndDirectoryFilesAreOneLineEach() throws Exception {
        keyAndCertificate("server", "ec");
        Path missing = dir.resolve("missing.crt");
        Path locked = Files.copy(dir.resolve("server.crt"), dir.resolve("locked.crt"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        assertEquals(missing + ": no such file", failure(() -> KeyMaterial.load(missing, dir.resolve("server.key"))));
        assertEquals(dir + ": is a directory, not a PEM file", failure(() -> KeyMaterial.load(dir.resolve("server.crt"), dir)));
        if (!Files.isReadable(locked)) { // root reads every file
            assertEquals(locked + ": permission denied", failure(() -> KeyMaterial.load(locked, dir.resolve("server.key"))));
        }
    }

    @Test
    void theFingerprintIsOpensslsSha256() throws Exception {
        keyAndCertificate("server", "rsa");
        Proc.Result r = Proc.run(RUN, Tool.openssl(), "x509", "-in", dir.resolve("server.crt").toString(), "-noout", "-fingerprint", "-sha256");

        KeyMaterial m = KeyMaterial.load(dir.resolve("server.crt"), dir.resolve("server.key"));

        assertEquals(r.out().strip().replaceFirst("(?i)^sha256 fingerprint=", ""), m.fingerprint());
    }

    static String pemOf(Object o) throws Exception {
        java.io.StringWriter s = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(s)) {
            w.writeObject(o instanceof java.security.PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        }
        return s.toString();
    }

}
