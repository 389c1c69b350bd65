package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.compare.PrivateNetwork;
import dev.rtc.serve.interop.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of the test's own, with a veth pair (10.99.0.1 and 10.99.0.2) and loopback up:
 * libwebrtc gathers no candidates on loopback, and these machines allow test traffic only on loopback or
 * inside namespaces a test makes. Without the right to make one, a test is skipped locally and fails
 * under CI=true (as {@link Tool} does with a missing interop client).
 */
final class Namespace implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    final String name;

    private Namespace(String name) {
        this.name = name;
    }

    static Namespace create() {
        Namespace ns = bare();
        try {
            ns.must("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb");
            ns.must("ip", "addr", "add", "10.99.0.1/24", "dev", "va");
            ns.must("ip", "addr", "add", "10.99.0.2/24", "dev", "vb");
            ns.must("ip", "link", "set", "va", "up");
            ns.must("ip", "link", "set", "vb", "up");
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** A namespace with only loopback up, for a topology of several (see {@link TwoNats}). */
    static Namespace bare() {
        String name = "rtc-it-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
        String denied = run("ip", "netns", "add", name);
        if (denied != null) {
            String message = "cannot make a network namespace (" + denied.strip() + "): rtc peer's tests need root";
            Tool.missing(message);
        }
        Namespace ns = new Namespace(name);
        try {
            ns.must("ip", "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Adds {@code pairs} more veth pairs (vxN and vyN, up), each end with a private IPv4 and IPv6 address:
     * a host with many interfaces, every address of which libwebrtc offers as a candidate.
     */
    void addInterfaces(int pairs) {
        for (int i = 1; i <= pairs; i++) {
            must("ip", "link", "add", "vx" + i, "type", "veth", "peer", "name", "vy" + i);
            for (int end = 1; end <= 2; end++) {
                String dev = (end == 1 ? "vx" : "vy") + i;
                must("ip", "addr", "add", "10.99." + i + "." + end + "/24", "dev", dev);
                must("ip", "addr", "add", "fd00:99:" + i + "::" + end + "/64", "dev", dev, "nodad");
                must("ip", "link", "set", dev, "up");
            }
        }
    }

    /**
     * A veth pair: {@code here} in this namespace with {@code address} (CIDR), {@code there} in
     * {@code other} with {@code otherAddress} (null: none, as for a bridge port); both up.
     */
    void link(String here, String address, Namespace other, String there, String otherAddress) {
        must("ip", "link", "add", here, "type", "veth", "peer", "name", there, "netns", other.name);
        if (address != null) must("ip", "addr", "add", address, "dev", here);
        if (otherAddress != null) other.must("ip", "addr", "add", otherAddress, "dev", there);
        must("ip", "link", "set", here, "up");
        other.must("ip", "link", "set", there, "up");
    }

    /** {@code command} as run inside the namespace. */
    List<String> exec(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    /** Runs {@code command} in the namespace; the test fails when it does. */
    void must(String... command) {
        String error = run(exec(List.of(command)).toArray(new String[0]));
        if (error != null) fail("in namespace " + name + ": " + String.join(" ", command) + ": " + error);
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }

    /** Null when the command succeeded, else what it said (rtc compare's namespaces run their commands the same way). */
    private static String run(String... command) {
        return PrivateNetwork.run(null, command);
    }
}
