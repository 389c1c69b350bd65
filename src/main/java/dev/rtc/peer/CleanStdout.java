package dev.rtc.peer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keeps webrtc-java's native chatter out of the data. Its library prints "VM attach current thread failed"
 * and "Failed to attach thread …" on file descriptor 1 at teardown, where a file or pipe transfer would
 * take them for data. Java cannot dup2, but it can do both halves: open stdout anew through
 * /proc/self/fd/1 (the same pipe, terminal or file) for rtc's own output, then close FileDescriptor.out,
 * which the JDK does by pointing descriptor 1 at /dev/null. What native code writes there is then lost.
 */
final class CleanStdout {
    private CleanStdout() {}

    /** A new stream to what stdout was, with descriptor 1 now /dev/null; null where stdout cannot be reopened (a socket). */
    static OutputStream take() {
        FileOutputStream data;
        try {
            data = new FileOutputStream("/proc/self/fd/1", true); // append: a file's offset stays where the shell left it
        } catch (IOException | SecurityException e) {
            return null;
        }
        try {
            new FileOutputStream(FileDescriptor.out).close();
        } catch (IOException e) {
            try {
                data.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
            return null;
        }
        return data;
    }
}
