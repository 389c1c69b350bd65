package dev.rtc.peer;

import dev.rtc.cli.RtcException;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.json.Json;
import dev.rtc.json.JsonReader;
import dev.rtc.output.Payloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code --send FILE} / {@code --receive DIR}: a text message {@code {"rtc":"file","name":…,"size":…}},
 * the bytes in binary messages of {@link PeerClient#maxMessage}, then {@code {"rtc":"sha256","sha256":"<hex>"}}.
 * The receiver writes {@code NAME.part} and renames it to NAME only when size and digest match.
 */
final class FileTransfer {
    private FileTransfer() {}

    static final class Sender {
        private final Path file;
        private final Progress progress;

        Sender(Path file, Progress progress) {
            this.file = file;
            this.progress = progress;
        }

        /** Sends the file; returns its size. */
        long send(PeerClient client) throws Exception {
            long size = Files.size(file);
            String name = file.getFileName().toString();
            client.send(utf8(Json.object().put("rtc", "file").put("name", name).put("size", size).toString()), false);
            MessageDigest sha = sha256();
            long sent = 0;
            progress.start(name);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] chunk = new byte[client.maxMessage()];
                int n;
                while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                    // a fresh array of exactly n bytes each time: webrtc-java sends the whole array and
                    // may still hold it when send returns
                    byte[] exact = java.util.Arrays.copyOf(chunk, n);
                    sha.update(exact);
                    client.send(exact, true);
                    sent += n;
                    progress.update(sent, size);
                }
                if (sent != size) throw new RtcException(file + " changed while it was being sent");
                progress.done(sent);
            } finally {
                progress.end(); // a no-op after done(); after a failure, the message gets a line of its own
            }
            client.send(utf8(Json.object().put("rtc", "sha256").put("sha256", HexFormat.of().formatHex(sha.digest())).toString()), false);
            return size;
        }
    }

    /**
     * The listener of a receiving run: each message goes into the file; the lifecycle (open, close, problems)
     * goes on to {@code lifecycle}; "received NAME (SHA-256 checked)" on {@code err} at the end.
     */
    static final class Receiver implements ClientListener, AutoCloseable {
        private final Path dir;
        private final Progress progress;
        private final PrintWriter err;
        private final ClientListener lifecycle;
        private boolean closedEarly;
        private Path part;
        private Path target;
        private OutputStream out;
        private MessageDigest sha;
        private long size;
        private long received;
        private boolean complete;

        Receiver(Path dir, Progress progress, PrintWriter err, ClientListener lifecycle) {
            this.dir = dir;
            this.progress = progress;
            this.err = err;
            this.lifecycle = lifecycle;
        }

        @Override
        public void opened(String description, Map<String, ?> fields) {
            lifecycle.opened(description, fields);
        }

        @Override
        public void message(Received m) {
            Path done;
            try {
                done = accept(m.bytes(), m.binary());
            } catch (IOException e) {
                throw new RtcException("cannot write the received file into " + dir + ": " + e.getMessage());
            }
            if (done != null) {
                err.println("rtc: received " + done + " (SHA-256 checked)");
                err.flush();
            }
        }

        @Override
        public void closed(Integer code, String reason) {
            closedEarly = true;
            lifecycle.closed(code, reason);
        }

        @Override
        public void problem(String message) {
            lifecycle.problem(message);
        }

        /** After the run: a failure unless the file arrived whole and checked. */
        void finish() {
            if (complete) return;
            throw new RtcException(closedEarly ? "the other peer closed the channel before the file was complete"
                    : started() ? "the file ended early" : "the other peer sent no file");
        }

        /** Takes one message of the transfer; returns the path once the file is complete and checked. */
        Path accept(byte[] data, boolean binary) throws IOException {
            if (complete) throw new RtcException("a message arrived after the file was complete");
            if (out == null) {
                start(header(data, binary, "file"));
                return null;
            }
            if (received < size) {
                if (!binary) throw new RtcException("the file ended early: " + received + " of " + size + " bytes");
                if (received + data.length > size) throw new RtcException("the sender sent more than the " + size + " bytes it announced");
                out.write(data);
                sha.update(data);
                received += data.length;
                progress.update(received, size);
                return null;
            }
            Object expected = header(data, binary, "sha256").get("sha256");
            out.close();
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(expected)) {
                Files.deleteIfExists(part);
                throw new RtcException("SHA-256 mismatch for " + target.getFileName() + ": got " + actual + ", the sender says " + expected);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new RtcException(target + " appeared while receiving; the data is in " + part);
            }
            complete = true;
            progress.done(received);
            return target;
        }

        boolean started() {
            return out != null;
        }

        boolean complete() {
            return complete;
        }

        private void start(Map<?, ?> header) throws IOException {
            if (!(header.get("name") instanceof String name) || !(header.get("size") instanceof Number n) || n.longValue() < 0) {
                throw new RtcException("the file announcement lacks a name or size");
            }
            String safe = sanitise(name);
            target = dir.resolve(safe);
            part = dir.resolve(safe + ".part");
            if (Files.exists(target)) throw new RtcException(target + " exists; not overwriting it");
            size = n.longValue();
            sha = sha256();
            out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            progress.start(safe);
        }

        /** Leaves no .part behind when the transfer did not finish. */
        @Override
        public void close() throws IOException {
            if (out != null && !complete) {
                progress.end();
                out.close();
                Files.deleteIfExists(part);
            }
        }

        private static Map<?, ?> header(byte[] data, boolean binary, String kind) {
            String text = binary ? null : Payloads.utf8OrNull(data);
            Object parsed = null;
            try {
                if (text != null) parsed = JsonReader.parse(text);
            } catch (RuntimeException ignored) {
                // not JSON: reported below
            }
            if (parsed instanceof Map<?, ?> m && kind.equals(m.get("rtc"))) return m;
            throw new RtcException("expected the file's " + (kind.equals("file") ? "name and size" : "SHA-256")
                    + " from rtc peer --send, got a " + (binary ? "binary" : "text") + " message of " + data.length + " bytes");
        }
    }

    /**
     * A received name as a plain file name in the target directory: no directories, no leading dot, no
     * control or shell-special characters.
     */
    static String sanitise(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder s = new StringBuilder();
        base.codePoints().forEach(c -> s.appendCodePoint(
                Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == ' ' ? c : '_'));
        String out = s.toString().strip();
        while (out.startsWith(".")) out = "_" + out.substring(1);
        if (out.isEmpty()) out = "received";
        while (out.getBytes(StandardCharsets.UTF_8).length > 200) out = out.substring(0, out.length() - 1);
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
