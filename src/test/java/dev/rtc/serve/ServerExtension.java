package dev.rtc.serve;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one start/stop of a test's {@code rtc serve}: {@code @RegisterExtension final ServerExtension server =
 * ServerExtension.started();} gives each test a server on a free loopback port ({@link #get}), closed
 * after it however the test ended; {@link #onDemand()} starts none, for tests that {@link #start} their own
 * configuration, and closes whatever they started.
 */
public final class ServerExtension implements BeforeEachCallback, AfterEachCallback {
    private final ServeConfig config;
    private final List<TestServer> started = new ArrayList<>();

    private ServerExtension(ServeConfig config) {
        this.config = config;
    }

    /** A loopback server with the default configuration before each test. */
    public static ServerExtension started() {
        return new ServerExtension(ServeConfig.loopback());
    }

    /** A server with this configuration before each test. */
    public static ServerExtension started(ServeConfig config) {
        return new ServerExtension(config);
    }

    /** No server until a test calls {@link #start}. */
    public static ServerExtension onDemand() {
        return new ServerExtension(null);
    }

    /** Starts a server for this test (closed after it) and returns it. */
    public TestServer start(ServeConfig config) throws InterruptedException {
        TestServer t = TestServer.start(config);
        started.add(t);
        return t;
    }

    /** This test's server: the one started before it, else the last one it started. */
    public TestServer get() {
        if (started.isEmpty()) throw new IllegalStateException("no server started for this test");
        return started.get(started.size() - 1);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (config != null) start(config);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (TestServer t : started) {
            try {
                t.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        started.clear();
        if (first != null) throw first;
    }
}
