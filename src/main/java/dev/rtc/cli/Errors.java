package dev.rtc.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become a line on stderr and an exit code. Usage mistakes print the
 * problem and where to read more, on one line (exit 2); everything else prints {@code rtc: <what went wrong>} (exit 1,
 * or the code an {@link RtcException} carries), with the stack trace only under {@code --errors}.
 */
public final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        return usage(cmd, ex.getMessage());
    }

    /** The one shape of a usage error: the problem and where to read more, on one line; exit 2. */
    private static int usage(CommandLine cmd, String problem) {
        PrintWriter err = cmd.getErr();
        err.println("rtc: " + problem + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof ParameterException pe) {
            return handleParseException(pe, parseResult.originalArgs().toArray(new String[0]));
        }
        if (ex instanceof UsageException) {
            if (wantsStackTrace(parseResult)) ex.printStackTrace(err);
            return usage(cmd, ex.getMessage());
        }
        err.println("rtc: " + describe(ex));
        if (wantsStackTrace(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof RtcException re ? re.exitCode() : ExitCodes.FAILURE;
    }

    /** One line naming the problem, without exception class names where the JDK's own text is readable. */
    public static String describe(Throwable t) {
        if (t instanceof RtcException) return t.getMessage();
        if (t instanceof BindException) return "cannot listen: " + lower(t.getMessage());
        if (t instanceof ConnectException) return lower(t.getMessage());
        if (t instanceof UnknownHostException) return "unknown host " + t.getMessage();
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean wantsStackTrace(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--errors") || p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
