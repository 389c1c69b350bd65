package dev.rtc.tls;

import dev.rtc.cli.RtcException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files as openssl writes them: a chain of CERTIFICATE blocks,
 * and a key as PKCS#8 (PRIVATE KEY) or in the traditional forms (RSA PRIVATE KEY, EC PRIVATE KEY, with or
 * without the EC PARAMETERS block before it). A certificate and its key may share one file. Every failure is
 * an {@link RtcException} whose message names the file and the problem in one line.
 */
public final class Pem {
    /** Larger than any certificate chain or key; a CA bundle of every public root is under 300 KiB. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private Pem() {}

    /** The certificates of {@code file}, in the file's order (a server's own first, then its chain). */
    public static List<X509Certificate> certificates(Path file) {
        Contents c = read(file);
        if (c.certificates.isEmpty()) {
            throw failure(file, "no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----" + found(c) + ")");
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certs = new ArrayList<>();
        for (X509CertificateHolder h : c.certificates) {
            try {
                certs.add(converter.getCertificate(h));
            } catch (CertificateException e) {
                throw failure(file, "a certificate in it cannot be read: " + e.getMessage());
            }
        }
        return List.copyOf(certs);
    }

    /** The one private key of {@code file}. */
    public static PrivateKey privateKey(Path file) {
        Contents c = read(file);
        if (c.encrypted) {
            throw failure(file, "the private key is encrypted, which is not supported: decrypt it first "
                    + "(openssl pkey -in " + file + " -out PLAIN.key)");
        }
        if (c.keys.isEmpty()) {
            throw failure(file, "no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY"
                    + found(c) + ")");
        }
        if (c.keys.size() > 1) throw failure(file, c.keys.size() + " private keys in it; give a file with one");
        try {
            return new JcaPEMKeyConverter().getPrivateKey(c.keys.get(0));
        } catch (IOException e) {
            throw failure(file, "the private key cannot be read: " + e.getMessage());
        }
    }

    private static String found(Contents c) {
        return c.others.isEmpty() ? "" : "; found " + String.join(", ", c.others);
    }

    /** What one file holds, sorted by kind. */
    private static final class Contents {
        final List<X509CertificateHolder> certificates = new ArrayList<>();
        final List<PrivateKeyInfo> keys = new ArrayList<>();
        final Set<String> others = new LinkedHashSet<>();
        boolean encrypted;
    }

    private static Contents read(Path file) {
        byte[] bytes = bytes(file);
        Contents c = new Contents();
        // ISO-8859-1 decodes any byte: a binary file (DER, say) is then simply a file without PEM blocks.
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.ISO_8859_1))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder cert) {
                    c.certificates.add(cert);
                    c.others.add("a certificate");
                } else if (o instanceof PrivateKeyInfo key) {
                    c.keys.add(key);
                    c.others.add("a private key");
                } else if (o instanceof PEMKeyPair pair) {
                    c.keys.add(pair.getPrivateKeyInfo());
                    c.others.add("a private key");
                } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    c.encrypted = true;
                    c.others.add("an encrypted private key");
                } else if (o instanceof PKCS10CertificationRequest) {
                    c.others.add("a certificate request");
                } else if (o instanceof SubjectPublicKeyInfo) {
                    c.others.add("a public key");
                } else if (o instanceof X509CRLHolder) {
                    c.others.add("a certificate revocation list");
                }
                // EC PARAMETERS (before a traditional EC key) and the like: nothing to take.
            }
        } catch (IOException | RuntimeException e) {
            throw failure(file, "not a readable PEM file: " + oneLine(e));
        }
        return c;
    }

    private static byte[] bytes(Path file) {
        if (Files.isDirectory(file)) throw failure(file, "is a directory, not a PEM file");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) throw failure(file, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB: not a PEM file");
            return bytes;
        } catch (NoSuchFileException e) {
            throw failure(file, "no such file");
        } catch (AccessDeniedException e) {
            throw failure(file, "permission denied");
        } catch (IOException e) {
            throw failure(file, "cannot read: " + oneLine(e));
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    static RtcException failure(Path file, String problem) {
        return new RtcException(file + ": " + problem);
    }
}
