package dev.rtc.peer;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.output.Payloads;
import dev.rtc.output.Printer;
import dev.rtc.websocket.Handshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One run of {@code rtc peer}: meet the other peer, then move data both ways until both have ended.
 * A side whose data has ended (stdin closed, the file sent) says so with an empty binary message; the run
 * is over when both sides have said it, and the channel is then closed, which webrtc-java completes only
 * after the other side has every byte. A channel the other side closes early ends the run too.
 */
final class PeerSession implements PeerLink.Events {
    /** How the two peers meet. */
    sealed interface Meeting permits Room, Offer, Answer {}

    record Room(Handshake handshake) implements Meeting {}

    record Offer() implements Meeting {}

    record Answer() implements Meeting {}

    /** What goes out: stdin as lines, stdin in binary chunks, a file, or nothing. */
    record Settings(Meeting meeting, RTCConfiguration config, RTCDataChannelInit channel, boolean binaryStdin,
                    Path send, Path receive, Path nativeDir, boolean verbose, String tty) {}

    private static final byte[] END = new byte[0];
    private static final Duration GATHERING = Duration.ofSeconds(5);

    private final Settings settings;
    private final Printer printer;
    private final StopConditions stop;
    private final PrintWriter err;
    private final InputStream stdin;
    private final Inbox inbox = new Inbox();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Map<String, Object> label = Printer.fields("label", PeerLink.LABEL);
    private volatile RoomSignal room;
    private volatile PeerLink link;
    private NativeWebRtc rtc;

    PeerSession(Settings settings, Printer printer, StopConditions stop, PrintWriter err, InputStream stdin) {
        this.settings = settings;
        this.printer = printer;
        this.stop = stop;
        this.err = err;
        this.stdin = stdin;
    }

    int run() throws Exception {
        rtc = NativeWebRtc.open(settings.nativeDir());
        RoomSignal signal = settings.meeting() instanceof Room r ? new RoomSignal(r.handshake()) : null;
        room = signal;
        link = new PeerLink(rtc, settings.config(), settings.channel(), this, signal == null ? null : signal::candidate, this::warn);
        meet(signal);
        return exchange();
    }

    private void meet(RoomSignal signal) throws Exception {
        if (signal != null) {
            signal.join(link);
            await(CompletableFuture.anyOf(opened, signal.failed()));
            signal.close();
            room = null;
            return;
        }
        link.useCredit(); // a pasted rtc-offer line comes from rtc peer, so both sides speak it
        if (settings.meeting() instanceof Offer) {
            link.offer();
            show("offer", OneLine.encode(link.gatheredDescription(GATHERING)), "rtc peer --answer");
            link.remote(OneLine.decode(ask("paste the answer line from the other side: "), RTCSdpType.ANSWER));
        } else {
            RTCSessionDescription offer = OneLine.decode(ask("paste the offer line from rtc peer --offer: "), RTCSdpType.OFFER);
            link.answer(offer);
            show("answer", OneLine.encode(link.gatheredDescription(GATHERING)), "rtc peer --offer");
        }
        await(opened);
    }

    /** Waits for {@code f}; its failure is thrown as it is, so the error line is the failure's own message. */
    private static void await(CompletableFuture<?> f) throws Exception {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private void show(String what, String line, String where) {
        err.println("rtc: the " + what + " (" + line.length() + " characters), to paste into " + where + " on the other side:");
        err.println(line);
        err.flush();
    }

    /** A line from the terminal, not stdin: stdin is the data. */
    private String ask(String prompt) throws IOException {
        err.print("rtc: " + prompt);
        err.flush();
        String tty = settings.tty();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new java.io.FileInputStream(tty), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            if (line == null) throw new RtcException("nothing was pasted (" + tty + " ended)");
            return line;
        } catch (java.io.FileNotFoundException e) {
            throw new RtcException("--offer and --answer read the other side's line from a terminal, and " + tty
                    + " cannot be opened (" + e.getMessage() + "): run rtc peer in a terminal, or use --signal");
        }
    }

    private int exchange() throws Exception {
        long started = System.nanoTime();
        PeerLink.Stats first = link.stats();
        String path = first != null && first.relay() ? "relay" : "direct";
        printer.open("connected: " + path, Printer.fields("label", PeerLink.LABEL, "path", path));
        startSending();
        boolean localEnd = false;
        boolean remoteEnd = false;
        long consumed = 0;
        printer.deferFlush();
        try (Files.Receiver receiver = settings.receive() == null ? null
                : new Files.Receiver(settings.receive(), new Progress(err, Progress.stderrIsTerminal()))) {
            while (!(localEnd && remoteEnd)) {
                if (inbox.isEmpty()) printer.flush();
                Inbox.Item item = inbox.take();
                if (item instanceof Inbox.Message m) {
                    if (m.binary() && m.data().length == 0) {
                        remoteEnd = true;
                        link.confirmEnd();
                    } else if (receiver != null) {
                        Path done = receiver.accept(m.data(), m.binary());
                        if (done != null) err.println("rtc: received " + done + " (SHA-256 checked)");
                    } else if (deliver(m)) {
                        printer.flush();
                        return finish(started);
                    }
                    consumed += m.data().length;
                    if (consumed >= Inbox.WINDOW / 4 && link.credited()) {
                        printer.flush(); // granted room is room on stdout, not in a buffer
                        if (link.grant(consumed)) consumed = 0;
                    }
                } else if (item instanceof Inbox.LocalEnd) {
                    localEnd = true;
                } else if (item instanceof Inbox.Closed c) {
                    printer.flush();
                    if (c.failure() != null) throw new RtcException(c.failure());
                    if (receiver != null && !receiver.complete()) {
                        throw new RtcException("the other peer closed the channel before the file was complete");
                    }
                    if (settings.send() != null && !localEnd) {
                        throw new RtcException("the other peer closed the channel before the whole file was sent");
                    }
                    if (!remoteEnd) printer.close(null, "by the other peer");
                    return finish(started);
                }
            }
            if (receiver != null && !receiver.complete()) {
                throw new RtcException(receiver.started() ? "the file ended early" : "the other peer sent no file");
            }
        }
        printer.flush();
        // Both sides have ended; what this side sent may still be in flight. Nothing sent, nothing to lose.
        String undelivered = link.closeChannel();
        if (undelivered != null && link.sentData()) throw new RtcException(undelivered);
        return finish(started);
    }

    private int finish(long started) {
        if (settings.verbose()) {
            err.println("rtc: " + Summary.of(link.stats(), (System.nanoTime() - started) / 1e9));
            err.flush();
        }
        return 0;
    }

    /** Prints one message; true when it met a stop condition. */
    private boolean deliver(Inbox.Message m) {
        if (m.binary()) {
            printer.binary(m.data(), label);
        } else {
            printer.payload(m.data(), label);
        }
        String text = stop.needsText() ? Payloads.utf8OrNull(m.data()) : null;
        return stop.accept(text);
    }

    /** Stdin (or the file) goes out on its own thread; the run loop hears when it is done or failed. */
    private void startSending() {
        Thread sender = new Thread(() -> {
            try {
                if (settings.send() != null) {
                    new Files.Sender(settings.send(), new Progress(err, Progress.stderrIsTerminal())).send(link);
                } else if (settings.receive() == null) {
                    if (settings.binaryStdin()) sendChunks(); else sendLines();
                }
                link.send(END, true);
                link.drain();
                inbox.put(new Inbox.LocalEnd());
            } catch (Exception e) {
                inbox.put(new Inbox.Closed(e instanceof RtcException ? e.getMessage() : "sending failed: " + e));
            }
        }, "rtc-peer-send");
        sender.setDaemon(true); // may be blocked reading a stdin that never ends
        sender.start();
    }

    private void sendLines() throws Exception {
        int limit = link.chunk();
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int length = 0;
        int n;
        while ((n = stdin.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                    sendLine(Arrays.copyOf(line, end));
                    length = 0;
                } else {
                    if (length == line.length) {
                        if (length >= limit) {
                            throw new RtcException("a line of stdin is longer than the " + limit
                                    + " bytes the other peer takes in one message: use --binary for data without lines");
                        }
                        line = Arrays.copyOf(line, Math.min(line.length * 2, limit + 1));
                    }
                    line[length++] = b;
                }
            }
        }
        if (length > 0) sendLine(Arrays.copyOf(line, length)); // a last line without \n
    }

    private void sendLine(byte[] line) throws Exception {
        link.send(line, !Payloads.isUtf8(line, 0, line.length));
    }

    private void sendChunks() throws Exception {
        byte[] buf = new byte[link.chunk()];
        int n;
        while ((n = stdin.read(buf)) > 0) {
            link.send(Arrays.copyOf(buf, n), true);
        }
    }

    /**
     * While the inbox is full webrtc's network thread waits for stdout and answers no connectivity checks,
     * so the connection looks dead from both sides: say that rather than blame the other peer.
     */
    private void warn(String message) {
        printer.warn(inbox.full()
                ? "stdout is not being read: the data channel waits for it, and the other peer gives up if this lasts"
                : message);
    }

    @Override
    public void open() {
        opened.complete(null);
    }

    @Override
    public void message(byte[] data, boolean binary) {
        inbox.message(data, binary);
    }

    @Override
    public void closed(String failure) {
        if (!opened.isDone()) {
            opened.completeExceptionally(new RtcException(failure != null ? failure : "the data channel closed before it opened"));
        }
        inbox.put(new Inbox.Closed(failure));
    }

    /** Ends a run from outside (--timeout, SIGINT, a stop condition): the loop wakes up and returns. */
    void abort() {
        opened.completeExceptionally(new RtcException("stopped"));
        inbox.put(new Inbox.Closed(null));
        RoomSignal r = room;
        if (r != null) r.close();
    }

    /** Closes the channel (waiting until the other side has all of it), the connection and the factory. */
    void close() {
        PeerLink l = link;
        if (l != null) l.close();
        if (rtc != null) rtc.close();
    }
}
