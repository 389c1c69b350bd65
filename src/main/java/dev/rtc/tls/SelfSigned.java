package dev.rtc.tls;

import dev.rtc.cli.RtcException;
import dev.rtc.cli.StateDirectory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate of {@code rtc serve --tls self-signed}: an EC P-256 key and a certificate for
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the address served, kept as {@code localhost.crt}
 * and {@code localhost.key} (owner only) in {@code tls/} of the state directory. A start reuses them while
 * they stay valid for {@link #RENEW_BEFORE} more and name every address needed, so that a client told to
 * trust the file ({@code --cacert}) keeps trusting later starts; otherwise it makes new ones, naming the
 * addresses of the old certificate too.
 *
 * @param certificate the PEM file clients are told to trust
 */
public record SelfSigned(Path certificate, Path key, KeyMaterial material) {
    public static final Duration VALIDITY = Duration.ofDays(90);
    /** A certificate closer than this to its end is replaced, so that a server started now runs for days on it. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(7);
    /** Names every certificate holds, whatever the address served. */
    public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");
    static final String CERT_FILE = "localhost.crt";
    static final String KEY_FILE = "localhost.key";

    /** {@code tls/} in rtc's state directory ({@code $XDG_STATE_HOME/rtc}, else {@code ~/.local/state/rtc}). */
    public static Path directory() {
        return StateDirectory.path().resolve("tls");
    }

    /** The certificate of {@link #directory()} for {@link #LOOPBACK} and {@code host}. */
    public static SelfSigned forHost(String host) {
        List<String> names = new ArrayList<>(LOOPBACK);
        if (host != null && !isWildcard(host)) names.add(host);
        return ensure(directory(), names, Instant.now());
    }

    /** The certificate and key in {@code dir}, reused when they do for {@code names} at {@code now}, else new ones. */
    static SelfSigned ensure(Path dir, Collection<String> names, Instant now) {
        try {
            createPrivateDirectory(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve("localhost.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Path cert = dir.resolve(CERT_FILE);
                Path key = dir.resolve(KEY_FILE);
                Set<String> wanted = new LinkedHashSet<>();
                for (String n : names) wanted.add(normalise(n));
                KeyMaterial existing = reusable(cert, key, wanted, now);
                if (existing != null) return new SelfSigned(cert, key, existing);
                if (Files.exists(cert)) {
                    // Keep the names of the last certificate: alternating --host values need not re-make it each time.
                    Set<String> union = new LinkedHashSet<>(wanted);
                    union.addAll(namesOf(cert));
                    wanted = union;
                }
                KeyMaterial made = generate(wanted, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
                write(key, pem(new JcaPKCS8Generator(made.key(), null)), true); // PKCS#8: PRIVATE KEY
                write(cert, pem(made.certificate()), false);
                return new SelfSigned(cert, key, made);
            }
        } catch (IOException e) {
            throw new RtcException("cannot keep the self-signed certificate in " + dir + ": " + Pem.oneLine(e));
        }
    }

    /** The files' material when it may be used again: loads, matches, valid long enough, names all, key private. */
    private static KeyMaterial reusable(Path cert, Path key, Set<String> wanted, Instant now) {
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) return null;
        try {
            if (posix() && !Files.getPosixFilePermissions(key).equals(PosixFilePermissions.fromString("rw-------"))) return null;
            KeyMaterial m = KeyMaterial.load(cert, key);
            KeyMaterial.checkValidity(cert, m.certificate(), now.plus(RENEW_BEFORE));
            return namesOf(m.certificate()).containsAll(wanted) ? m : null;
        } catch (RtcException | IOException e) {
            return null; // our own files, damaged or stale: made again
        }
    }

    /** A new EC P-256 key and a certificate for {@code names} from {@code from} to {@code until}, signed by that key. */
    static KeyMaterial generate(Collection<String> names, Instant from, Instant until) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X500Name subject = new X500Name("CN=" + names.iterator().next() + ",O=rtc serve self-signed");
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) alt.add(isAddress(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            // An end-entity certificate (CA:FALSE): browsers refuse a CA certificate as a server's own, and
            // curl, Python and Java accept this one as its own trust anchor through --cacert / cafile.
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(from), Date.from(until), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new KeyMaterial(List.of(cert), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new RtcException("cannot make a self-signed certificate: " + Pem.oneLine(e));
        }
    }

    /** The DNS names and addresses a certificate is for (addresses in {@link #normalise}'s form). */
    static Set<String> namesOf(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt == null) return names;
            for (List<?> entry : alt) {
                int type = (Integer) entry.get(0);
                if (type == GeneralName.dNSName || type == GeneralName.iPAddress) names.add(normalise((String) entry.get(1)));
            }
        } catch (CertificateParsingException e) {
            // no names: made again
        }
        return names;
    }

    private static Set<String> namesOf(Path certFile) {
        try {
            return namesOf(Pem.certificates(certFile).get(0));
        } catch (RtcException e) {
            return Set.of();
        }
    }

    /** A DNS name in lower case; an address (brackets allowed) as {@code InetAddress} writes it. */
    static String normalise(String name) {
        String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (isAddress(n)) {
            try {
                return InetAddress.getByName(n).getHostAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new RtcException("not an address: " + name);
            }
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /** An IPv4 or IPv6 literal, as opposed to a name: only literals, so nothing is looked up. */
    static boolean isAddress(String s) {
        return s.indexOf(':') >= 0 || s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** 0.0.0.0 and :: bind every interface but are no address a client connects to. */
    static boolean isWildcard(String host) {
        if (!isAddress(host)) return false;
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    /** Written beside, then moved in place: a concurrent reader sees the old file or the new, never half. */
    private static void write(Path file, String text, boolean ownerOnly) throws IOException {
        FileAttribute<?>[] attrs = ownerOnly && posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", attrs);
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            if (!ownerOnly && posix()) Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The directory, made owner-only (0700) when rtc makes it or finds it open to others. */
    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            Set<PosixFilePermission> wanted = PosixFilePermissions.fromString("rwx------");
            if (!perms.equals(wanted)) Files.setPosixFilePermissions(dir, wanted);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
