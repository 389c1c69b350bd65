package dev.rtc.peer;

/**
 * Two peers that reach a server namespace but not each other, all namespaces the test makes:
 * <pre>
 *   a 10.97.1.2 ── 10.97.1.1 [t] 10.97.2.1 ── b 10.97.2.2      (rtc serve, coturn in t)
 * </pre>
 * Each peer's default route leads to t, which forwards nothing: a packet for the other peer is dropped
 * there, while t's own addresses (either of them, from either side) answer. Only a TURN relay in t joins
 * the two.
 */
final class OnlyViaServer implements AutoCloseable {
    static final String SERVER_A = "10.97.1.1";
    static final String SERVER_B = "10.97.2.1";

    final Namespace t;
    final Namespace a;
    final Namespace b;

    private OnlyViaServer(Namespace t, Namespace a, Namespace b) {
        this.t = t;
        this.a = a;
        this.b = b;
    }

    static OnlyViaServer create() {
        Namespace t = Namespace.bare();
        Namespace a = null;
        Namespace b = null;
        try {
            a = Namespace.bare();
            b = Namespace.bare();
            t.must("sysctl", "-qw", "net.ipv4.ip_forward=0");
            t.link("ta", SERVER_A + "/24", a, "va", "10.97.1.2/24");
            a.must("ip", "route", "add", "default", "via", SERVER_A);
            t.link("tb", SERVER_B + "/24", b, "vb", "10.97.2.2/24");
            b.must("ip", "route", "add", "default", "via", SERVER_B);
            return new OnlyViaServer(t, a, b);
        } catch (RuntimeException | Error e) {
            for (Namespace ns : new Namespace[] {b, a, t}) {
                if (ns != null) ns.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (Namespace ns : new Namespace[] {b, a, t}) ns.close();
    }
}
