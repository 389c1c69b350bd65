package dev.rtc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keys and certificates made by openssl in a test's directory: NAME.key (PKCS#8) and NAME.crt beside it. */
public final class Openssl {
    private static final Duration RUN = Duration.ofSeconds(30);
    private final String openssl;
    private final Path dir;

    /** Skips the test (fails it under CI) when openssl is missing. */
    public Openssl(Path dir) {
        this.openssl = Tool.openssl();
        this.dir = dir;
    }

    public void run(String... args) {
        List<String> command = new ArrayList<>(List.of(openssl));
        command.addAll(List.of(args));
        Proc.Result r = Proc.run(RUN, command);
        assertEquals(0, r.exit(), "openssl " + String.join(" ", args) + ": " + r.err());
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A new key of {@code kind} ("rsa" or "ec") in NAME.key. */
    public Path key(String name, String kind) {
        Path key = file(name + ".key");
        if (kind.equals("rsa")) {
            run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        } else {
            run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        }
        return key;
    }

    /** A key and a self-signed certificate for localhost and 127.0.0.1 (openssl req -x509: a CA too, CA:TRUE). */
    public Path selfSigned(String name, String kind) {
        key(name, kind);
        run("req", "-x509", "-key", file(name + ".key").toString(), "-subj", "/CN=" + name, "-days", "2",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", file(name + ".crt").toString());
        return file(name + ".crt");
    }

    /** A key and a certificate for localhost and 127.0.0.1 signed by CA (made with {@link #selfSigned}). */
    public Path signedBy(String name, String ca) {
        key(name, "ec");
        run("req", "-new", "-key", file(name + ".key").toString(), "-subj", "/CN=" + name, "-out", file(name + ".csr").toString());
        Path ext = file(name + ".ext");
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run("x509", "-req", "-in", file(name + ".csr").toString(), "-CA", file(ca + ".crt").toString(), "-CAkey", file(ca + ".key").toString(),
                "-days", "2", "-extfile", ext.toString(), "-out", file(name + ".crt").toString());
        return file(name + ".crt");
    }
}
