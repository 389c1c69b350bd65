package dev.rtc.cli;

/**
 * A failure the user should read as one line: the message is printed as {@code rtc: <message>} and the
 * command exits with {@link #exitCode()}. Anything else that escapes a command is a bug and prints the
 * same way, with the stack trace only under {@code --errors}.
 */
public class RtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public RtcException(String message) {
        this(ExitCodes.FAILURE, message, null);
    }

    public RtcException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
