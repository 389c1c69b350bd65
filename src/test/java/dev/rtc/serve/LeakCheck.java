package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails a test that leaves a server event loop, an HttpClient thread or a socket behind. Closing is
 * asynchronous, so the check waits a little for them to go before it fails.
 */
final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final Namespace NS = Namespace.create(LeakCheck.class);
    private static final long PATIENCE_MS = 3_000;
    private static final Path FDS = Path.of("/proc/self/fd");

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("threads", ownThreads());
        context.getStore(NS).put("sockets", sockets());
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
            newSockets = minus(sockets(), socketsBefore);
            if (newThreads.isEmpty() && newSockets.isEmpty()) return;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        fail("leaked after " + context.getDisplayName() + ": threads " + newThreads + ", sockets " + describe(newSockets));
    }

    /** Each leaked socket with its line from /proc/net (addresses and state), to tell whose it is. */
    private static String describe(Set<String> sockets) {
        StringBuilder sb = new StringBuilder();
        for (String s : sockets) {
            String inode = s.substring(s.indexOf('[') + 1, s.indexOf(']'));
            sb.append("\n  ").append(s);
            for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink")) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/net/" + table))) {
                        if (line.matches(".*\\s" + inode + "(\\s.*)?")) sb.append(" ").append(table).append(": ").append(line.trim());
                    }
                } catch (IOException e) {
                    // not every table exists everywhere
                }
            }
        }
        return sb.toString();
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

    /** Open TCP sockets of this process ({@code socket:[inode]} in /proc); empty off Linux. */
    private static Set<String> sockets() {
        if (!Files.isDirectory(FDS)) return Set.of();
        Set<String> tcp = tcpInodes();
        try (Stream<Path> fds = Files.list(FDS)) {
            List<Path> all = fds.toList();
            return all.stream().map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.startsWith("socket:[") && tcp.contains(target.substring(8, target.length() - 1)))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** The inodes of TCP sockets, from /proc/self/net/tcp and tcp6 (the tenth column). */
    private static Set<String> tcpInodes() {
        Set<String> inodes = new java.util.HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/net/" + table))) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 9) inodes.add(cols[9]);
                }
            } catch (IOException e) {
                // no IPv6, say
            }
        }
        return inodes;
    }

    /** Each leaked socket with its line from /proc/net (addresses and state), to tell whose it is. */
    private static String describe(Set<String> sockets) {
        StringBuilder sb = new StringBuilder();
        for (String s : sockets) {
            String inode = s.substring(s.indexOf('[') + 1, s.indexOf(']'));
            sb.append("\n  ").append(s);
            for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink")) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/net/" + table))) {
                        if (line.matches(".*\\s" + inode + "(\\s.*)?")) sb.append(" ").append(table).append(": ").append(line.trim());
                    }
                } catch (IOException e) {
                    // not every table exists everywhere
                }
            }
        }
        return sb.toString();
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

    /** Open socket descriptors of this process, by inode ({@code socket:[1234]}); empty off Linux. */
    private static Set<String> sockets() {
        if (!Files.isDirectory(FDS)) return Set.of();
        try (Stream<Path> fds = Files.list(FDS)) {
            List<Path> all = fds.toList();
            return all.stream().map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.startsWith("socket:")).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
