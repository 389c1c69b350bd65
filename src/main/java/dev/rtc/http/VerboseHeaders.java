package dev.rtc.http;

import java.io.IOException;
import java.io.PrintWriter;
import okhttp3.Connection;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code -v}: the request and response heads as they go over the wire (a network interceptor, so the
 * headers OkHttp adds are shown too), prefixed {@code > } and {@code < } on stderr, as curl does.
 */
final class VerboseHeaders implements Interceptor {
    private final PrintWriter err;

    VerboseHeaders(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Connection connection = chain.connection();
        String protocol = connection == null ? "HTTP/1.1" : protocol(connection.protocol().toString());
        String target = request.url().encodedPath() + (request.url().encodedQuery() == null ? "" : "?" + request.url().encodedQuery());
        StringBuilder sb = new StringBuilder();
        sb.append("> ").append(request.method()).append(' ').append(target).append(' ').append(protocol).append('\n');
        // HTTP/2 carries no connection-specific headers (RFC 9113 8.2.2): OkHttp leaves them out, so does -v.
        append(sb, "> ", protocol.equals("HTTP/2") ? request.headers().newBuilder()
                .removeAll("Connection").removeAll("Keep-Alive").removeAll("Proxy-Connection").removeAll("Transfer-Encoding")
                .removeAll("Upgrade").removeAll("TE").build() : request.headers());
        print(sb);
        Response response = chain.proceed(request);
        sb.setLength(0);
        sb.append("< ").append(protocol(response.protocol().toString())).append(' ').append(response.code());
        if (!response.message().isEmpty()) sb.append(' ').append(response.message());
        sb.append('\n');
        append(sb, "< ", response.headers());
        print(sb);
        return response;
    }

    private static String protocol(String okhttpName) {
        return switch (okhttpName) {
            case "http/1.0" -> "HTTP/1.0";
            case "http/1.1" -> "HTTP/1.1";
            case "h2", "h2_prior_knowledge" -> "HTTP/2";
            default -> okhttpName.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static void append(StringBuilder sb, String prefix, Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            sb.append(prefix).append(headers.name(i)).append(": ").append(headers.value(i)).append('\n');
        }
    }

    private void print(StringBuilder sb) {
        synchronized (err) {
            err.print(sb);
            err.flush();
        }
    }
}
