package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails a test that leaves a server event loop, an HttpClient thread or a TCP socket behind. Closing is
 * asynchronous, so the check waits a little for them to go before it fails.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final Namespace NS = Namespace.create(LeakCheck.class);
    private static final long PATIENCE_MS = 3_000;
    private static final Path FDS = Path.of("/proc/self/fd");

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("threads", ownThreads());
        context.getStore(NS).put("sockets", tcpSockets());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Set<String> threadsBefore = (Set<String>) context.getStore(NS).get("threads");
        Set<String> socketsBefore = (Set<String>) context.getStore(NS).get("sockets");
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        Set<String> newThreads;
        Set<String> newSockets;
        do {
            newThreads = minus(ownThreads(), threadsBefore);
            newSockets = minus(tcpSockets(), socketsBefore);
            if (newThreads.isEmpty() && newSockets.isEmpty()) return;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        fail("leaked after " + context.getDisplayName() + ": threads " + newThreads + ", TCP sockets " + newSockets);
    }

    private static Set<String> minus(Set<String> now, Set<String> before) {
        return now.stream().filter(s -> !before.contains(s)).collect(Collectors.toSet());
    }

    /** Netty's event loops and, on JDKs that can shut a client down, HttpClient's threads. */
    private static Set<String> ownThreads() {
        boolean clientsCloseable = Runtime.version().feature() >= 21;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("multiThreadIoEventLoopGroup") || (clientsCloseable && n.startsWith("HttpClient-")))
                .collect(Collectors.toSet());
    }

    /**
     * This process's TCP sockets, as {@code inode local remote} from /proc; empty off Linux. (The JVM
     * keeps a Unix socket or two of its own; those are not the tests'.)
     */
    private static Set<String> tcpSockets() {
        if (!Files.isDirectory(FDS)) return Set.of();
        Set<String> open = new HashSet<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) open.add(target.substring(8, target.length() - 1));
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        Set<String> tcp = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/net/" + table))) {
                    String[] cols = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (cols.length > 9 && open.contains(cols[9])) tcp.add(cols[9] + " " + cols[1] + " " + cols[2]);
                }
            } catch (IOException noSuchTable) {
                // no IPv6, say
            }
        }
        return tcp;
    }
}
