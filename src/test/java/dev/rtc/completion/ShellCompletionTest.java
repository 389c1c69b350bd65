package dev.rtc.completion;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The committed completion scripts in the real shells (bash, zsh, fish from Debian; .ci/run installs
 * them): a partial command typed, and what completing it offers. bash through its completion function
 * with COMP_WORDS set as readline sets them, fish through {@code complete -C}, zsh in a terminal
 * (tmux) with TAB pressed, as a person would.
 */
@Timeout(value = 60, unit = SECONDS)
class ShellCompletionTest {

    private static final Path COMPLETIONS = Path.of("completions").toAbsolutePath();

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        assertEquals(List.of("poll"), bash("rtc", "po"));
        assertEquals(List.of("--count"), bash("rtc", "poll", "--cou"));
        assertEquals(List.of("bash", "zsh", "fish"), bash("rtc", "completion", ""));
        assertTrue(bash("rtc", "").containsAll(List.of("serve", "poll", "longpoll", "stream", "sse", "ws", "peer")));
    }

    @Test
    void fishCompletesCommandsOptionsAndValues() throws Exception {
        assertEquals(List.of("poll"), firstColumn(fish("rtc po")));
        assertEquals(List.of("--count"), firstColumn(fish("rtc poll --cou")));
        assertEquals(List.of("--subprotocol"), firstColumn(fish("rtc ws --subp")));
        assertEquals(List.of("bash", "fish", "zsh"), firstColumn(fish("rtc completion ")));
        assertEquals(List.of("peer", "poll"), firstColumn(fish("rtc help p")));
    }

    @Test
    void zshCompletesWhatIsTypedInATerminal() throws Exception {
        String server = "rtc-zsh-test-" + ProcessHandle.current().pid();
        try {
            run("tmux", "-L", server, "new-session", "-d", "-x", "200", "-y", "50", "zsh -f");
            tmux(server, "send-keys", "fpath=(" + COMPLETIONS + " $fpath); autoload -U compinit; compinit -u -D; PS1='ready''> '", "Enter");
            awaitScreen(server, s -> s.lines().anyMatch(l -> l.equals("ready>")), "the zsh prompt");

            tmux(server, "send-keys", "rtc po", "Tab");
            awaitScreen(server, s -> s.lines().anyMatch(l -> l.equals("ready> rtc poll")), "rtc po<TAB> completed to rtc poll");

            tmux(server, "send-keys", "C-u", "rtc poll --cou", "Tab");
            // zsh inserts it or lists it as the one candidate, with its description
            awaitScreen(server, s -> s.lines().anyMatch(l -> l.equals("ready> rtc poll --count") || l.matches("--count +-- Exit 0 after N messages")),
                    "--count offered for --cou<TAB>");

            tmux(server, "send-keys", "C-u", "rtc completion ", "Tab");
            awaitScreen(server, s -> s.matches("(?s).*\\bbash +fish +zsh\\b.*"), "the shells listed for rtc completion");
        } finally {
            new ProcessBuilder("tmux", "-L", server, "kill-server").redirectErrorStream(true).start().waitFor(10, SECONDS);
        }
    }

    /** What the completion function puts in COMPREPLY for these words, the last being completed. */
    private static List<String> bash(String... words) throws Exception {
        StringBuilder script = new StringBuilder("source ").append(COMPLETIONS.resolve("rtc.bash")).append('\n')
                .append("COMP_WORDS=(");
        for (String w : words) script.append('\'').append(w).append("' ");
        String line = String.join(" ", words);
        script.append(")\nCOMP_CWORD=").append(words.length - 1).append('\n')
                .append("COMP_LINE='").append(line).append("'\nCOMP_POINT=").append(line.length()).append('\n')
                .append("_complete_rtc rtc '").append(words[words.length - 1]).append("' '").append(words[words.length - 2]).append("' 2>/dev/null\n")
                .append("printf '%s\\n' \"${COMPREPLY[@]}\"\n");
        return run("bash", "--norc", "--noprofile", "-c", script.toString()).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String fish(String commandLine) throws Exception {
        return run("fish", "--no-config", "-c", "source " + COMPLETIONS.resolve("rtc.fish") + "; complete -C '" + commandLine + "'");
    }

    private static List<String> firstColumn(String lines) {
        return lines.lines().map(l -> l.split("\t", 2)[0]).filter(s -> !s.isEmpty()).sorted().toList();
    }

    private static void tmux(String server, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    /** Waits (at most 10 s) until the terminal shows what {@code test} looks for. */
    private static void awaitScreen(String server, Predicate<String> test, String what) throws Exception {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = run("tmux", "-L", server, "capture-pane", "-p");
            if (test.test(screen)) return;
            TimeUnit.MILLISECONDS.sleep(50);
        }
        fail("no " + what + " within 10s; the terminal shows:\n" + screen.strip());
    }

    /** Runs a command to its end (at most 20 s); its stdout, or a failure with its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish within 20s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
        return text;
    }
}
