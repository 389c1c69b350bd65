package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The root command in-process: exit codes, stdout and stderr exactly as a script sees them. */
@Timeout(value = 10, unit = SECONDS)
class RtcTest {

    @Test
    void versionPrintsTheProjectVersionCommitBuildTimeAndJavaOnStdout() {
        Captured run = Captured.run("--version");

        assertEquals(0, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertEquals("rtc 0.1.0-SNAPSHOT", lines.get(0));
        assertTrue(lines.get(1).matches("commit [0-9a-f]{7}, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(1));
        assertTrue(lines.get(2).startsWith("Java " + System.getProperty("java.version") + " ("), lines.get(2));
        assertEquals("", run.err());
    }

    @Test
    void helpListsEveryExitCodeOnStdout() {
        Captured run = Captured.run("--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: rtc "), run.out());
        assertListsExitCodes(run.out());
        assertEquals("", run.err());
    }

    @Test
    void serveHelpListsTheServersOwnExitCodes() {
        Captured run = Captured.run("serve", "--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("One server, every technique"), run.out());
        assertTrue(run.out().contains("\nUsage: rtc serve "), run.out());
        String list = run.out().substring(run.out().indexOf("\nExit codes:\n") + 1);
        for (String code : List.of("0 +stopped by SIGINT or SIGTERM", "1 +cannot start: the port is taken", "2 +usage: ")) {
            assertTrue(Pattern.compile("(?m)^ +" + code).matcher(list).find(), code + " missing from\n" + list);
        }
        assertFalse(list.contains("--timeout expired"), "no client's codes in\n" + list);
    }

    /** The wrapping follows the terminal width, so each code is matched by its line's start. */
    private static void assertListsExitCodes(String help) {
        String list = help.substring(help.indexOf("\nExit codes:\n") + 1);
        for (String code : List.of("0 +done: ", "1 +failure: cannot connect", "2 +usage: unknown option",
                "3 +--timeout expired", "130 +interrupted")) {
            assertTrue(Pattern.compile("(?m)^ +" + code).matcher(list).find(), code + " missing from\n" + list);
        }
    }

    @Test
    void noSubcommandIsAUsageErrorNamingTheProblem() {
        Captured run = Captured.run();

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("""
                rtc: missing command: choose one of serve, poll, longpoll, stream, sse, ws, peer, compare, completion, help (see 'rtc --help')
                """, run.err());
    }

    @Test
    void aMistypedCommandIsAUsageErrorNamingTheNearest() {
        Captured run = Captured.run("pol", "http://127.0.0.1:1/");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("""
                rtc: unknown command 'pol'; did you mean poll or longpoll? (see 'rtc --help')
                """, run.err());
    }

    @Test
    void helpCommandPrintsTheCommandsHelp() {
        Captured help = Captured.run("help", "sse");
        Captured direct = Captured.run("sse", "--help");

        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("A standard EventSource client"), help.out());
        assertEquals(direct.out(), help.out());
    }

    @Test
    void completionPrintsTheCommittedScriptOfEachShell() throws java.io.IOException {
        for (String shell : List.of("bash", "zsh", "fish")) {
            Captured run = Captured.run("completion", shell);
            dev.rtc.completion.Shell s = dev.rtc.completion.Shell.valueOf(shell);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of(s.file())), run.out(), shell);
        }
        Captured bad = Captured.run("completion", "tcsh");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("rtc: Invalid value for positional parameter at index 0 (SHELL): expected one of [bash, zsh, fish]"), bad.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Captured run = Captured.run("--bogus");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("""
                rtc: Unknown option: '--bogus' (see 'rtc --help')
                """, run.err());
    }

    @Test
    void servePortOutOfRangeIsAUsageErrorBeforeBinding() {
        Captured run = Captured.run("serve", "--port", "70000");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("""
                rtc: --port must be 0 to 65535, got 70000 (see 'rtc serve --help')
                """, run.err());
    }

    @Test
    void serveCoalesceLongerThanASecondIsAUsageError() {
        Captured run = Captured.run("serve", "--coalesce", "2s");

        assertEquals(2, run.exitCode());
        assertEquals("rtc: --coalesce must be at most 1s, got 2s (see 'rtc serve --help')\n", run.err());
    }

    @Test
    void serveRejectsAMalformedDurationNamingIt() {
        Captured run = Captured.run("serve", "--heartbeat", "soon");

        assertEquals(2, run.exitCode());
        assertEquals("""
                rtc: Invalid value for option '--heartbeat': 'soon' is not a duration (examples: 250ms, 5s, 2m, 1h, or a number of seconds) (see 'rtc serve --help')
                """, run.err());
    }

    /** Mistakes found after parsing, deep in a client's set-up, read exactly like picocli's own. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "poll ws://127.0.0.1:1/x | rtc: unsupported scheme ws:// in ws://127.0.0.1:1/x: expected http:// or https:// (for WebSocket use rtc ws) (see 'rtc poll --help')",
        "sse http://127.0.0.1:1/x -H nocolon | rtc: --header expects 'Name: value', got 'nocolon' (see 'rtc sse --help')",
        "stream http://127.0.0.1:1/x --cacert /nonexistent.pem | rtc: --cacert: cannot read /nonexistent.pem (see 'rtc stream --help')",
        "longpoll http://127.0.0.1:1/x -n 0 | rtc: --count must be at least 1, got 0 (see 'rtc longpoll --help')",
        "ws http://127.0.0.1:1/x | rtc: unsupported scheme http:// in http://127.0.0.1:1/x: expected ws:// or wss:// (a WebSocket URL of the same server is ws://…) (see 'rtc ws --help')",
        "peer --offer --turn turn:127.0.0.1 | rtc: --turn needs --turn-user USER:PASSWORD (see 'rtc peer --help')",
        "serve --max-message-size 17592186044417m | rtc: Invalid value for option '--max-message-size': '17592186044417m' is out of range (1 byte to 2 GiB) (see 'rtc serve --help')",
    })
    void everyUsageErrorHasOneShape(String args, String expected) {
        Captured run = Captured.run(args.trim().split(" "));

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(expected.trim() + "\n", run.err());
    }
}
