package dev.rtc.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * A certificate chain (its own certificate first) and the private key of that certificate: what a TLS
 * server presents, or a client asked for a client certificate. {@link #load} checks that the key is the
 * certificate's and that the certificate is valid now, so that a wrong file is one line at start rather
 * than a failed handshake later.
 */
public record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final char[] NO_PASSWORD = new char[0];

    public KeyMaterial {
        if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
        chain = List.copyOf(chain);
    }

    /** The chain of {@code certFile} and the key of {@code keyFile} (the same file may hold both), checked. */
    public static KeyMaterial load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = Pem.certificates(certFile);
        PrivateKey key = Pem.privateKey(keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw Pem.failure(keyFile, "the private key does not match the certificate in " + certFile);
        }
        checkValidity(certFile, chain.get(0), Instant.now());
        return new KeyMaterial(chain, key);
    }

    /** The certificate presented: the first of the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The SHA-256 of the certificate, as openssl and browsers show it: {@code AB:CD:…} (32 bytes). */
    public String fingerprint() {
        return fingerprint(certificate());
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** The certificate's last valid moment, as {@code 2026-09-01 12:00:00 UTC}. */
    public String notAfter() {
        return DATE.format(certificate().getNotAfter().toInstant());
    }

    /** A key manager factory holding this chain and key, for an {@code SSLContext} or Netty's builder. */
    public KeyManagerFactory keyManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("rtc", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold a " + key.getAlgorithm() + " key in a key store: " + e.getMessage(), e);
        }
    }

    /** The key manager of {@link #keyManagerFactory()}: what {@code SSLContext.init} takes for a client certificate. */
    public X509KeyManager keyManager() {
        for (KeyManager km : keyManagerFactory().getKeyManagers()) {
            if (km instanceof X509KeyManager x) return x;
        }
        throw new IllegalStateException("no X.509 key manager in the JDK");
    }

    /** Whether {@code cert} is valid at {@code now}, else a one-line failure naming {@code file} and the date. */
    static void checkValidity(Path file, X509Certificate cert, Instant now) {
        Instant from = cert.getNotBefore().toInstant();
        Instant until = cert.getNotAfter().toInstant();
        if (now.isAfter(until)) throw Pem.failure(file, "the certificate expired on " + DATE.format(until));
        if (now.isBefore(from)) throw Pem.failure(file, "the certificate is not valid before " + DATE.format(from));
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}: the same RSA modulus, or (for EC and the
     * others) a signature made with it that the public key verifies.
     */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa) {
            return publicKey instanceof RSAKey pub && rsa.getModulus().equals(pub.getModulus());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) return true; // an algorithm we cannot check: the handshake will tell
        try {
            byte[] probe = "rtc key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // an EC key against an RSA certificate, for one
        }
    }
}
