package dev.rtc.http;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A certificate authority made by openssl in a test's directory, and the server and client certificates it
 * signs (EC P-256 keys, PEM, PKCS#8), as a user would make them for a server rtc did not write.
 */
public final class OpensslCertificates {
    private static final Duration RUN = Duration.ofSeconds(30);

    /** A certificate and its private key, both PEM files. */
    public record Issued(Path cert, Path key) {}

    private final Path dir;
    private final Path ca;
    private final Path caKey;

    private OpensslCertificates(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** A new authority in {@code dir}; skipped (failed under CI) when openssl is missing. */
    public static OpensslCertificates in(Path dir) {
        OpensslCertificates c = new OpensslCertificates(dir);
        run(Tool.openssl(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", c.caKey.toString(), "-out", c.ca.toString(), "-days", "2", "-subj", "/CN=rtc test CA");
        return c;
    }

    /** The authority's certificate, for {@code --cacert} and a server's client CA. */
    public Path ca() {
        return ca;
    }

    /** A certificate for {@code commonName}, with {@code subjectAltName} (e.g. "DNS:example.test") unless null. */
    public Issued issue(String commonName, String subjectAltName) {
        String name = commonName.replaceAll("[^A-Za-z0-9.]", "_");
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + commonName);
        List<String> sign = new java.util.ArrayList<>(List.of("openssl", "x509", "-req", "-in", csr.toString(),
                "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2"));
        if (subjectAltName != null) {
            Path ext = dir.resolve(name + ".ext");
            try {
                Files.writeString(ext, "subjectAltName=" + subjectAltName + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            sign.addAll(List.of("-extfile", ext.toString()));
        }
        run(sign.toArray(String[]::new));
        return new Issued(cert, key);
    }

    private static void run(String... command) {
        Proc.Result r = Proc.run(RUN, command);
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + r.err() + r.out());
    }
}
