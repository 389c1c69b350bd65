package dev.rtc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.TestServer;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtc ws}'s interactive mode in a real terminal: tmux runs {@code cli/rtc ws}, send-keys types,
 * capture-pane reads the screen. Every wait is bounded and waits for what the screen shows.
 */
@Timeout(value = 90, unit = SECONDS)
class WsReplIT {
    private static final Path RTC = Launcher.RTC;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String session = "rtc-ws-it-" + ProcessHandle.current().pid();
    private final List<String> sessions = new ArrayList<>();
    private TestServer served;
    @TempDir
    Path state;

    @BeforeEach
    void start() throws Exception {
        tmuxAvailable();
        served = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (String s : sessions) Proc.run(Duration.ofSeconds(10), "tmux", "kill-session", "-t", s);
        if (served != null) served.close();
    }

    private static void tmuxAvailable() {
        boolean present;
        try {
            present = Proc.run(Duration.ofSeconds(10), "tmux", "-V").exit() == 0;
        } catch (RuntimeException e) {
            present = false;
        }
        if (!present) {
            Tool.missing("tmux is not installed (apt-get install -y tmux)");
        }
    }

    /** Starts rtc ws in a new 120x30 tmux session; the shell prints EXIT=<code> when it ends. */
    private String open(String name, String url) {
        sessions.add(name);
        String command = "env XDG_STATE_HOME=" + state + " NO_COLOR=1 " + RTC + " ws " + url + "; echo EXIT=$?; sleep 60";
        Proc.Result r = Proc.run(Duration.ofSeconds(10), "tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "30", command);
        assertEquals(0, r.exit(), r.err());
        return name;
    }

    private static void keys(String name, String... keys) {
        List<String> command = new ArrayList<>(List.of("tmux", "send-keys", "-t", name));
        command.addAll(List.of(keys));
        Proc.Result r = Proc.run(Duration.ofSeconds(10), command);
        assertEquals(0, r.exit(), r.err());
    }

    /** The visible screen, trailing blank lines dropped. */
    private static String screen(String name) {
        return Proc.run(Duration.ofSeconds(10), "tmux", "capture-pane", "-p", "-t", name).out().stripTrailing();
    }

    private static String await(String name, String what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String now = "";
        while (System.nanoTime() < deadline) {
            now = screen(name);
            if (test.test(now)) return now;
            Thread.sleep(50);
        }
        fail("the screen never showed " + what + "; it shows:\n" + now);
        return null;
    }

    private static String lastLine(String screen) {
        return screen.substring(screen.lastIndexOf('\n') + 1);
    }

    private String ws(String path) {
        return "ws" + served.server.url().substring(4) + path;
    }

    @Test
    void aMessageArrivingWhileALineIsTypedPrintsAboveItAndLeavesTheLineIntact() throws Exception {
        String s = open(session + "-a", ws("/ws/chat"));
        await(s, "the prompt after connecting", sc -> sc.contains("connected to " + ws("/ws/chat")) && lastLine(sc).equals(">"));

        keys(s, "-l", "half a li");
        await(s, "the partial line", sc -> lastLine(sc).equals("> half a li"));
        served.server.publish("chat", "from the server".getBytes(UTF_8));
        String sc = await(s, "the message above the prompt, marked received", x -> x.contains("\n< from the server\n"));
        assertEquals("> half a li", lastLine(sc), "the line being typed was mangled:\n" + sc);

        keys(s, "-l", "ne");
        keys(s, "Enter");
        sc = await(s, "the line sent and published back", x -> x.contains("> half a line\n< half a line\n"));
        assertTrue(served.http.get("/poll/chat").body().contains("\"data\":\"half a line\""), sc);
    }

    @Test
    void aMessageOfSeveralLinesShowsItsFurtherLinesAsContinued() throws Exception {
        String s = open(session + "-e", ws("/ws/lines"));
        await(s, "the prompt after connecting", sc -> sc.contains("connected to ") && lastLine(sc).equals(">"));

        served.server.publish("lines", "first\nsecond".getBytes(UTF_8));
        served.server.publish("lines", new byte[] {(byte) 0xff, 0, 1});

        String sc = await(s, "both messages", x -> x.contains("< binary"));
        assertTrue(sc.contains("\n< first\n| second\n< binary 3 bytes: ff0001\n"), sc);
        assertEquals(">", lastLine(sc), sc);
    }

    @Test
    void slashCommandsHistoryAndQuit() throws Exception {
        String s = open(session + "-b", ws("/echo"));
        await(s, "the prompt once connected", sc -> sc.contains("connected to ") && lastLine(sc).equals(">"));

        keys(s, "-l", "/ping abc");
        keys(s, "Enter");
        await(s, "the pong", sc -> sc.matches("(?s).*\npong abc in \\d+\\.?\\d*ms\n.*"));
        keys(s, "-l", "/binary 00 ff 10");
        keys(s, "Enter");
        await(s, "the binary echo, marked binary", sc -> sc.contains("\n< binary 3 bytes: 00ff10\n"));
        keys(s, "-l", "//slash");
        keys(s, "Enter");
        await(s, "a text message that starts with /", sc -> sc.contains("\n< /slash\n"));
        keys(s, "-l", "/help");
        keys(s, "Enter");
        await(s, "the help", sc -> sc.contains("/close [CODE [REASON]]"));
        keys(s, "-l", "/nope");
        keys(s, "Enter");
        await(s, "an unknown command named", sc -> sc.contains("rtc: unknown command /nope"));

        await(s, "the prompt again", sc -> lastLine(sc).equals(">"));
        keys(s, "Up");
        await(s, "the previous line from history", sc -> lastLine(sc).equals("> /nope"));
        keys(s, "C-u");
        keys(s, "-l", "/quit");
        keys(s, "Enter");
        await(s, "exit 0", sc -> sc.contains("EXIT=0"));

        Path history = state.resolve("rtc/ws_history");
        assertTrue(Files.readString(history).contains("/binary 00 ff 10"), Files.readString(history));

        // A new session starts with the history of the last one.
        String again = open(session + "-c", ws("/echo"));
        await(again, "the prompt", sc -> lastLine(sc).equals(">"));
        keys(again, "Up");
        await(again, "the last line of the previous session", sc -> lastLine(sc).equals("> /quit"));
        keys(again, "C-u");
        keys(again, "-l", "/close 4001 done here");
        keys(again, "Enter");
        await(again, "the exit after /close", sc -> sc.contains("EXIT=0"));
    }

    @Test
    void aServerDrainingEndsTheSessionWithExit0() throws Exception {
        String s = open(session + "-d", ws("/ws/chat"));
        await(s, "the prompt once connected", sc -> sc.contains("connected to ") && lastLine(sc).equals(">"));
        keys(s, "-l", "typed");
        // The line being typed is on the screen before the drain: keys still on their way would be echoed after it.
        await(s, "the typed line", sc -> lastLine(sc).equals("> typed"));

        served.server.drain();

        String sc = await(s, "the exit code", x -> x.contains("EXIT=0"));
        assertTrue(sc.contains("closed 1001 server shutting down\nEXIT=0"), "no prompt may be left behind:\n" + sc);
    }
}
