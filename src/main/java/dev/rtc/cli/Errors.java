package dev.rtc.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become a line on stderr and an exit code. Usage mistakes print the
 * problem and where to read more, on one line (exit 2); everything else prints {@code rtc: <what went wrong>} (exit 1,
 * or the code an {@link RtcException} carries), with the stack trace only under {@code --errors}.
 */
public final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        return usage(ex.getCommandLine(), problem(ex));
    }

    /** The one shape of a usage error: the problem and where to read more, on one line; exit 2. */
    private static int usage(CommandLine cmd, String problem) {
        PrintWriter err = cmd.getErr();
        err.println("rtc: " + problem + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The parse error, with the nearest command or option name when a typo has one (as git's "did you mean"). */
    private static String problem(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)) return ex.getMessage();
        List<String> suggestions = unmatched.getSuggestions();
        List<String> args = unmatched.getUnmatched();
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String message = ex.getMessage();
        if (!args.isEmpty() && !args.get(0).startsWith("-") && !spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            message = "unknown command '" + args.get(0) + "'";
        }
        if (suggestions.isEmpty()) return message;
        return message + "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
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
