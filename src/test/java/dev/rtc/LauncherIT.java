package dev.rtc;

import static dev.rtc.Launcher.RTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher finds its checkout however it is called: through a chain of symlinks (as Homebrew links
 * {@code bin/rtc}), one of them relative, and by a relative path from its own directory.
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
