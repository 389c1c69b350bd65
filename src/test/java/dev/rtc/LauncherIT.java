package dev.rtc;

import static dev.rtc.Launcher.RTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher finds its checkout however it is called: through a chain of symlinks (as Homebrew links
 * {@code bin/rtc}), one of them relative, and by a relative path from its own directory; without
 * JAVA_HOME it runs the newest JDK there is, not an older one that happens to be on the PATH.
 */
class LauncherIT {

    @Test
    void findsItsCheckoutThroughAChainOfSymlinksAndFromARelativePath(@TempDir Path dir) throws Exception {
        Path first = Files.createSymbolicLink(dir.resolve("rtc-first"), RTC);
        Files.createDirectories(dir.resolve("bin"));
        Path second = Files.createSymbolicLink(dir.resolve("bin/rtc"), Path.of("../rtc-first"));

        assertVersion(run(dir, second.toString()));
        assertVersion(run(dir, "bin/rtc"));
        assertVersion(run(RTC.getParent(), "./rtc"));
        assertTrue(Files.isSymbolicLink(first));
    }

    @Test
    void withoutJavaHomeItRunsTheNewestJdkRatherThanAnOlderOneOnThePath(@TempDir Path dir) throws Exception {
        int newest = newestUnderUsrLibJvm();
        assumeTrue(newest > 17, "no JDK newer than 17 under /usr/lib/jvm");
        // A JDK 17 on the PATH whose java only says that it ran.
        Path home = Files.createDirectories(dir.resolve("jdk-17/bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.1\"\n");
        for (String tool : List.of("java", "javac")) {
            Path t = Files.writeString(home.resolve("bin/" + tool), "#!/bin/sh\necho the JDK 17 on the PATH ran\nexit 3\n");
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path path = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(path.resolve("java"), home.resolve("bin/java"));

        ProcessBuilder pb = new ProcessBuilder(RTC.toString(), "--version").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.put("PATH", path + ":/usr/bin:/bin");
        env.put("RTC_AOT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cli/rtc did not exit");
        assertFalse(out.contains("JDK 17 on the PATH"), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("rtc ")), out);
    }

    /** The newest feature release among the JDKs under /usr/lib/jvm (by their release files), 0 when none. */
    private static int newestUnderUsrLibJvm() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) return 0;
        int newest = 0;
        try (var homes = Files.list(jvm)) {
            for (Path h : homes.toList()) {
                Path release = h.resolve("release");
                if (!Files.isExecutable(h.resolve("bin/java")) || !Files.isReadable(release)) continue;
                for (String line : Files.readAllLines(release)) {
                    if (!line.startsWith("JAVA_VERSION=")) continue;
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").replaceFirst("^1\\.", "");
                    newest = Math.max(newest, Integer.parseInt(v.replaceAll("[^0-9].*", "")));
                }
            }
        }
        return newest;
    }

    private static void assertVersion(List<String> result) {
        assertEquals("0", result.get(0), result.toString());
        assertTrue(result.get(1).startsWith("rtc "), result.toString());
    }

    /** Exit code and first line of stdout of {@code command --version} run in {@code cwd}. */
    private static List<String> run(Path cwd, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command, "--version").directory(cwd.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not exit");
        return List.of(Integer.toString(p.exitValue()), out.lines().findFirst().orElse(""));
    }
}
