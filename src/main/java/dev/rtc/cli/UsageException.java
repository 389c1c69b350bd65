package dev.rtc.cli;

/**
 * A user's mistake found after parsing (a malformed URL, a file that cannot be read, options that do not
 * go together): exit 2, printed by {@link Errors} in the same shape as picocli's own parse errors,
 * {@code rtc: <problem> (see 'rtc X --help')}. Library code throws it without knowing which command runs.
 */
public final class UsageException extends RtcException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCodes.USAGE, message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCodes.USAGE, message, cause);
    }
}
