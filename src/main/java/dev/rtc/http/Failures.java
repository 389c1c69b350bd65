package dev.rtc.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one wording of "could not reach the server" for every client, HTTP or WebSocket: an unknown host,
 * a refused connection, a certificate that is not trusted or does not name the host, another TLS failure.
 */
public final class Failures {
    private Failures() {}

    /** {@code host:port}, with an IPv6 literal in brackets. */
    public static String where(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** One line for {@code e} when it is a failure to reach {@code host:port}; null when it is something else. */
    public static String unreachable(Throwable e, String host, int port) {
        String where = where(host, port);
        Throwable root = root(e);
        if (e instanceof UnknownHostException || root instanceof UnknownHostException) {
            return "cannot resolve host " + host;
        }
        if (e instanceof ConnectException || root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return "cannot connect to " + where + ": " + lower(root.getMessage(), "connection refused");
        }
        if (!(e instanceof SSLException)) return null;
        if (untrusted(e)) {
            return "TLS handshake with " + where + " failed: certificate not trusted (use --cacert FILE, or -k to skip the check)";
        }
        String alert = alert(e);
        if (alert != null && alert.equals("certificate_required")) {
            return "TLS with " + where + " failed: the server requires a client certificate it trusts "
                    + "(--cert FILE --key FILE)";
        }
        if (alert != null && CLIENT_CERTIFICATE_REFUSED.contains(alert)) {
            return "TLS with " + where + " failed: the server refused the client certificate (" + alert + ")";
        }
        if (e instanceof SSLPeerUnverifiedException || String.valueOf(root.getMessage()).contains("subject alternative")) {
            return "TLS with " + where + " failed: the certificate does not name " + host + " (-k skips the check)";
        }
        return "TLS with " + where + " failed: " + lower(e.getMessage(), "handshake failed");
    }

    /** The alerts a server sends about the client's certificate (RFC 8446 6.2); a client's own checks throw, not alert. */
    private static final java.util.Set<String> CLIENT_CERTIFICATE_REFUSED = java.util.Set.of("bad_certificate",
            "unsupported_certificate", "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca",
            "access_denied");

    /** The TLS alert the server sent ("Received fatal alert: NAME", as the JDK says it), or null. */
    private static String alert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            int at = m.indexOf("Received fatal alert: ");
            if (at >= 0) return m.substring(at + "Received fatal alert: ".length()).trim();
        }
        return null;
    }

    /** A message as the middle of a sentence: first letter lower case, or {@code fallback} when there is none. */
    public static String lower(String s, String fallback) {
        if (s == null || s.isBlank()) return fallback;
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathValidatorException) return true;
            if (String.valueOf(t.getMessage()).contains("PKIX")) return true;
        }
        return false;
    }
}
