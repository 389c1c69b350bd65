package dev.rtc.ws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pipe mode: each line of stdin is one message, sent once the connection is open (never dropped).
 * Text messages lose their {@code \n} or {@code \r\n}; with {@code --binary} a line's bytes up to the
 * {@code \n} (a {@code \r} included) are one binary message. A last line without {@code \n} still counts.
 */
final class LineInput {
    private static final int READ_SIZE = 64 * 1024;

    private LineInput() {}

    static void pump(InputStream in, Outbox out, boolean binary) throws IOException, InterruptedException {
        byte[] buf = new byte[READ_SIZE];
        byte[] line = new byte[256];
        int length = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    send(out, line, length, binary);
                    length = 0;
                } else {
                    if (length == line.length) line = Arrays.copyOf(line, line.length * 2);
                    line[length++] = b;
                }
            }
        }
        if (length > 0) send(out, line, length, binary);
        out.endOfInput();
    }

    private static void send(Outbox out, byte[] line, int length, boolean binary) throws InterruptedException {
        if (binary) {
            out.binary(Arrays.copyOf(line, length));
        } else {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            out.text(new String(line, 0, end, StandardCharsets.UTF_8));
        }
    }
}
