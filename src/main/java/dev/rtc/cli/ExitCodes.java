package dev.rtc.cli;

/** The exit codes of SPEC.md, the only ones rtc returns. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int TIMEOUT = 3;
    public static final int INTERRUPTED = 130;

    /** The same list for every {@code --help}. */
    public static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        list.put(" " + OK, "done: the stream ended normally or a stop condition was met");
        list.put(" " + FAILURE, "failure: cannot connect, TLS, protocol error, HTTP error status, abnormal close");
        list.put(" " + USAGE, "usage: unknown option, malformed URL, wrong scheme");
        list.put(" " + TIMEOUT, "--timeout expired before --count/--until was met");
        list.put(INTERRUPTED + "", "interrupted (SIGINT); rtc serve drains and exits 0 instead");
        return list;
    }

    private ExitCodes() {}
}
