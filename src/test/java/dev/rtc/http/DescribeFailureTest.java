package dev.rtc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The one-line descriptions of failures that loopback cannot produce on demand (a DNS failure would
 * ask a real resolver), from the exceptions OkHttp throws for them.
 */
class DescribeFailureTest {
    private final HttpUrl url = HttpUrl.get("https://api.example.org:8443/x");

    @Test
    void namesHostAndReason() {
        assertEquals("cannot resolve host api.example.org",
                HttpSession.describe(new UnknownHostException("api.example.org: Name or service not known"), url));
        IOException wrapped = new ConnectException("Failed to connect to api.example.org/10.0.0.1:8443");
        wrapped.initCause(new ConnectException("Connection refused"));
        assertEquals("cannot connect to api.example.org:8443: connection refused", HttpSession.describe(wrapped, url));
        assertEquals("cannot connect to api.example.org:8443: timed out",
                HttpSession.describe(new SocketTimeoutException("Connect timed out"), url));
        SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed: unable to find valid certification path");
        assertEquals("TLS handshake with api.example.org:8443 failed: certificate not trusted (use --cacert FILE, or -k to skip the check)",
                HttpSession.describe(pkix, url));
        assertEquals("TLS with api.example.org:8443 failed: the certificate does not name api.example.org (-k skips the check)",
                HttpSession.describe(new SSLPeerUnverifiedException("Hostname api.example.org not verified"), url));
        assertEquals("TLS with api.example.org:8443 failed: received fatal alert: protocol_version",
                HttpSession.describe(new SSLHandshakeException("Received fatal alert: protocol_version"), url));
        assertEquals("api.example.org:8443: unexpected end of stream",
                HttpSession.describe(new IOException("unexpected end of stream on https://api.example.org:8443/..."), url)
                        .replace(" on https://api.example.org:8443/...", ""));
        assertEquals("cannot connect to [::1]:8443: connection refused",
                HttpSession.describe(new ConnectException("Connection refused"), HttpUrl.get("http://[::1]:8443/")));
    }
}
