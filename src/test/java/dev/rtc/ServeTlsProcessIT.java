package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cli/rtc serve --tls self-signed} as a user runs it: the certificate line after the listening line
 * names a file that curl's and rtc's {@code --cacert} take at once, kept (owner only) under
 * {@code $XDG_STATE_HOME} and the same on the next start.
 */
@Timeout(value = 90, unit = SECONDS)
class ServeTlsProcessIT {
    private static final Path RTC = Launcher.RTC;
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("^rtc serve listening on https://127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "^rtc serve certificate (\\S+) sha256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2}) \\(self-signed, valid until "
                    + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; clients trust it with --cacert and this file\\)$");

    @TempDir
    Path state;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) p.destroyForcibly().waitFor();
    }

    /** A serve process with XDG_STATE_HOME in the test's directory; its first two stderr lines read. */
    private final class Serve {
        final Process process;
        final int port;
        final Path certificate;
        final String fingerprint;

        Serve(String... args) throws IOException {
            this(List.of("--tls", "self-signed"), args);
        }

        /** With these TLS options: {@code --tls self-signed}, whose certificate line is read, or a certificate and key. */
        Serve(List<String> tls, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(RTC.toString(), "serve", "-p", "0"));
            command.addAll(tls);
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("XDG_STATE_HOME", state.toString());
            process = pb.start();
            started.add(process);
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            port = Integer.parseInt(line(err, LISTENING).group(1));
            if (tls.contains("self-signed")) {
                Matcher cert = line(err, CERTIFICATE);
                certificate = Path.of(cert.group(1));
                fingerprint = cert.group(2);
            } else {
                certificate = Path.of(tls.get(tls.indexOf("--tls-cert") + 1));
                fingerprint = null;
            }
        }

        /** The next stderr line, which must match: the two lines are adjacent (the build's own line aside). */
        private Matcher line(BufferedReader err, Pattern p) throws IOException {
            String line = err.readLine();
            while (line != null && line.startsWith("rtc: building")) line = err.readLine();
            Matcher m = p.matcher(String.valueOf(line));
            if (!m.matches()) fail("expected a line matching " + p + ", got " + line);
            return m;
        }

        String url(String path) {
            return "https://127.0.0.1:" + port + path;
        }

        void stop() throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor());
            assertTrue(process.waitFor(10, SECONDS), "rtc serve did not exit within 10s");
            assertEquals(0, process.exitValue());
        }
    }

    @Test
    void selfSignedPrintsACertificateFileThatCurlAndRtcTrustWithCacert() throws Exception {
        String curl = Tool.curl();
        Serve serve = new Serve("--tick", "100ms", "-q");
        String cacert = serve.certificate.toString();

        assertEquals(state.resolve("rtc/tls/localhost.crt"), serve.certificate);
        Proc.Result fingerprint = Proc.run(RUN, Tool.openssl(), "x509", "-in", cacert, "-noout", "-fingerprint", "-sha256");
        assertEquals(serve.fingerprint, fingerprint.out().strip().replaceFirst("(?i)^sha256 fingerprint=", ""));
        Proc.Result health = Proc.run(RUN, curl, "-sS", "--cacert", cacert, serve.url("/healthz"));
        assertEquals("ok\n", health.out(), health.err());
        try (Proc sse = Proc.start(curl, "-sS", "-N", "--max-time", "20", "--cacert", cacert, serve.url("/sse/ticks"))) {
            assertEquals("retry: 2000", sse.nextLine(Duration.ofSeconds(10)));
            String line = sse.nextLine(Duration.ofSeconds(10));
            while (line.isEmpty()) line = sse.nextLine(Duration.ofSeconds(10));
            assertTrue(line.startsWith("id: "), line);
        }
        Proc.Result rtcSse = Proc.run(RUN, RTC.toString(), "sse", "--cacert", cacert, "-n", "1", serve.url("/sse/ticks"));
        assertEquals(0, rtcSse.exit(), rtcSse.err());
        assertTrue(rtcSse.out().startsWith("tick "), rtcSse.out());
        Proc.Result echo = Proc.run(RUN, RTC.toString(), "ws", "--cacert", cacert, "-x", "over wss", "-n", "1",
                "wss://127.0.0.1:" + serve.port + "/echo");
        assertEquals(List.of(0, "over wss\n"), List.of(echo.exit(), echo.out()), echo.err());
        serve.stop();
    }

    /**
     * The jar as built (its BouncyCastle trimmed to the packages rtc reaches) reads each key form openssl writes,
     * on the server's side and for a client certificate.
     */
    @Test
    void theJarReadsEveryKeyFormOpensslWrites() throws Exception {
        String openssl = Tool.openssl();
        Path dir = Files.createDirectories(state.resolve("keys"));
        List<List<String>> keys = List.of(
                List.of("rsa-traditional.key", openssl, "genrsa", "-traditional", "-out"),
                List.of("ec-sec1.key", openssl, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out"),
                List.of("ec-pkcs8.key", openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"),
                List.of("rsa-pkcs8.key", openssl, "genpkey", "-algorithm", "RSA", "-out"));
        for (List<String> k : keys) {
            String key = dir.resolve(k.get(0)).toString();
            String cert = dir.resolve(k.get(0) + ".crt").toString();
            List<String> make = new ArrayList<>(k.subList(1, k.size()));
            make.add(key);
            assertEquals(0, Proc.run(RUN, make).exit(), String.join(" ", make));
            Proc.Result req = Proc.run(RUN, openssl, "req", "-x509", "-new", "-key", key, "-subj", "/CN=localhost", "-days", "2",
                    "-out", cert);
            assertEquals(0, req.exit(), req.err());

            Serve serve = new Serve(List.of("--tls-cert", cert, "--tls-key", key), "-q");
            Proc.Result echo = Proc.run(RUN, RTC.toString(), "ws", "--insecure", "--cert", cert, "--key", key, "-x", k.get(0), "-n", "1",
                    "wss://127.0.0.1:" + serve.port + "/echo");
            assertEquals(List.of(0, k.get(0) + "\n"), List.of(echo.exit(), echo.out()), echo.err());
            serve.stop();
        }
    }

    @Test
    void theNextStartReusesTheSameCertificateAndTheKeyIsTheOwnersOnly() throws Exception {
        Serve first = new Serve("-q");
        first.stop();
        Serve second = new Serve("-q");

        assertEquals(first.certificate, second.certificate);
        assertEquals(first.fingerprint, second.fingerprint);
        Path key = state.resolve("rtc/tls/localhost.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        second.stop();
    }
}
