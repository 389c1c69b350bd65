package dev.rtc.peer;

import dev.rtc.cli.UsageException;
import dev.onvoid.webrtc.RTCIceServer;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * --stun and --turn as libwebrtc takes them, checked before it sees them: webrtc-java 0.14.0 answers a
 * URL that libwebrtc rejects (no host, a port over 65535, user@host, a query on stun:) with a SIGSEGV in
 * createPeerConnection, and a TURN server without a user name or password likewise.
 */
final class IceServers {
    private static final Pattern URL = Pattern.compile(
            "(?<scheme>[a-z]+):(?<host>\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(?<port>\\d{1,5}))?(?<query>\\?transport=(udp|tcp))?");
    static final String STUN_FORM = "stun:HOST[:PORT] or stuns:HOST[:PORT]";
    static final String TURN_FORM = "turn:HOST[:PORT][?transport=udp|tcp] or turns:…";

    private IceServers() {}

    /** The ICE servers of --stun URL… and --turn URL… with --turn-user USER:PASSWORD; a usage error when one is wrong. */
    static List<RTCIceServer> of(List<String> stun, List<String> turn, String turnUser) {
        if (!turn.isEmpty() && turnUser == null) throw new UsageException("--turn needs --turn-user USER:PASSWORD");
        if (turn.isEmpty() && turnUser != null) throw new UsageException("--turn-user is for --turn, and no --turn was given");
        String user = null;
        String password = null;
        if (turnUser != null) {
            int colon = turnUser.indexOf(':');
            if (colon <= 0 || colon == turnUser.length() - 1) throw new UsageException("--turn-user takes USER:PASSWORD, neither empty");
            user = turnUser.substring(0, colon);
            password = turnUser.substring(colon + 1);
        }
        List<RTCIceServer> servers = new java.util.ArrayList<>();
        for (String url : stun) servers.add(server(check("--stun", url, "stun", STUN_FORM), null, null));
        for (String url : turn) servers.add(server(check("--turn", url, "turn", TURN_FORM), user, password));
        return servers;
    }

    /**
     * Why ICE found no path to the other peer, said once the connection failed without ever connecting:
     * what the servers given (if any) answered, else what to try.
     */
    static String noPath(List<RTCIceServer> servers, java.util.Collection<String> serverErrors) {
        boolean stun = servers.stream().anyMatch(s -> s.urls.get(0).startsWith("stun"));
        boolean turn = servers.stream().anyMatch(s -> s.urls.get(0).startsWith("turn"));
        String why = "no connection to the other peer: none of the ways ICE tried reached it";
        if (!serverErrors.isEmpty()) return why + " (" + String.join("; ", new java.util.TreeSet<>(serverErrors)) + ")";
        if (turn) return why + ", not even through the TURN relay";
        if (stun) return why + " (behind a NAT that STUN cannot get through, a --turn relay can)";
        return why + " (with no --stun or --turn, only its own addresses were tried: across a NAT, add --stun URL or --turn URL)";
    }

    /** One STUN or TURN server's error (onIceCandidateError) as the failure names it. */
    static String serverError(String url, int code, String text) {
        return url + ": " + code + " " + text + (code == 401 ? ", wrong --turn-user?" : "");
    }

    private static String check(String option, String url, String scheme, String form) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            String typed = url.contains(":") ? url.substring(0, url.indexOf(':')) : "";
            if (!typed.equals(scheme) && !typed.equals(scheme + "s")) {
                throw new UsageException(option + " takes " + form + ", not " + url);
            }
            throw new UsageException(option + ": malformed URL " + url + " (expected " + form + ")");
        }
        String s = m.group("scheme");
        if (!s.equals(scheme) && !s.equals(scheme + "s")) throw new UsageException(option + " takes " + form + ", not " + url);
        if (scheme.equals("stun") && m.group("query") != null) {
            throw new UsageException(option + ": malformed URL " + url + " (expected " + form + ", with no ?transport)");
        }
        String port = m.group("port");
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new UsageException(option + ": malformed URL " + url + " (the port must be 1 to 65535)");
        }
        return url;
    }

    private static RTCIceServer server(String url, String user, String password) {
        RTCIceServer server = new RTCIceServer();
        server.urls.add(url);
        server.username = user;
        server.password = password;
        return server;
    }

}
