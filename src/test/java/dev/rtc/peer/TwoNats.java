package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.interop.Tool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two peers, each behind a NAT of its own (iptables MASQUERADE), whose outsides meet on one bridge with a
 * server namespace, all namespaces the test makes:
 * <pre>
 *   a 10.98.1.2 ── 10.98.1.1 [na] 10.98.0.2 ──┐
 *                                             br0 10.98.0.1 [t]   (rtc serve, coturn)
 *   b 10.98.2.2 ── 10.98.2.1 [nb] 10.98.0.3 ──┘
 * </pre>
 * Nothing routes from one inside to the other: a and b meet only through what their NATs let through, and
 * t forwards nothing: only a server-reflexive address (STUN's answer) lets one peer reach the other.
 * {@link #symmetric()} makes the NATs symmetric instead: a new random port for each destination, so what
 * a STUN server saw is useless to the other peer and only a TURN relay in t joins the two. t has no route
 * to either inside (no default route either), as the engineer's network that found --relay's reason had.
 */
final class TwoNats implements AutoCloseable {
    static final String SERVER = "10.98.0.1";

    final Namespace t;
    final Namespace a;
    final Namespace b;
    private final Namespace na;
    private final Namespace nb;

    private final boolean symmetric;

    private TwoNats(Namespace t, Namespace na, Namespace nb, Namespace a, Namespace b, boolean symmetric) {
        this.symmetric = symmetric;
        this.t = t;
        this.na = na;
        this.nb = nb;
        this.a = a;
        this.b = b;
    }

    static TwoNats create() {
        return create(false);
    }

    /** NATs that map each destination to a new random port (MASQUERADE --random-fully). */
    static TwoNats symmetric() {
        return create(true);
    }

    private static TwoNats create(boolean symmetric) {
        Namespace t = Namespace.bare();
        Namespace na = null;
        Namespace nb = null;
        Namespace a = null;
        Namespace b = null;
        try {
            na = Namespace.bare();
            nb = Namespace.bare();
            a = Namespace.bare();
            b = Namespace.bare();
            needIptables();
            TwoNats nets = new TwoNats(t, na, nb, a, b, symmetric);
            t.must("ip", "link", "add", "br0", "type", "bridge");
            t.must("ip", "addr", "add", SERVER + "/24", "dev", "br0");
            t.must("ip", "link", "set", "br0", "up");
            t.must("sysctl", "-qw", "net.ipv4.ip_forward=0");
            nets.side(na, a, "a", 1);
            nets.side(nb, b, "b", 2);
            return nets;
        } catch (RuntimeException | Error e) {
            for (Namespace ns : new Namespace[] {b, a, nb, na, t}) {
                if (ns != null) ns.close();
            }
            throw e;
        }
    }

    private void side(Namespace nat, Namespace inside, String name, int n) {
        nat.link(name + "wan", "10.98.0." + (n + 1) + "/24", t, name + "port", null);
        t.must("ip", "link", "set", name + "port", "master", "br0");
        nat.link(name + "lan", "10.98." + n + ".1/24", inside, name + "in", "10.98." + n + ".2/24");
        inside.must("ip", "route", "add", "default", "via", "10.98." + n + ".1");
        nat.must("sysctl", "-qw", "net.ipv4.ip_forward=1");
        masquerade(nat, name + "wan", symmetric);
    }

    /**
     * Masquerades what leaves, keeping the inside port for every destination (so what a STUN server saw is
     * what the other peer can reach), and drops what arrives unasked, as a home router does: dropped before
     * its conntrack entry is confirmed, such a packet leaves no mapping behind that would push this NAT's own
     * packets to the same peer onto another port (and so break hole punching). Symmetric: a random port
     * for each new destination instead.
     */
    private static void masquerade(Namespace nat, String wan, boolean symmetric) {
        if (symmetric) {
            nat.must("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE", "--random-fully");
        } else {
            nat.must("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE");
        }
        nat.must("iptables", "-A", "INPUT", "-i", wan, "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
    }

    private static void needIptables() {
        boolean present;
        try {
            Process p = new ProcessBuilder("iptables", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            present = false;
        }
        if (present) return;
        String message = "iptables is not installed (apt-get install -y iptables)";
        Tool.missing(message);
    }

    @Override
    public void close() {
        for (Namespace ns : new Namespace[] {b, a, nb, na, t}) ns.close();
    }
}
