package dev.rtc.http;

import dev.rtc.client.Traffic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * What a session's requests cost on the wire, as far as OkHttp lets a client know: a network interceptor
 * counts each request sent (its head as HTTP/1.1 writes it, and its body) and each response's head and
 * body bytes as they are read (after chunked framing, before gzip is undone); an event listener counts
 * the connections opened. TLS and TCP overhead are not seen here. It also tells {@link HeadWatch} when a
 * response head is complete.
 */
final class Wire extends EventListener implements Interceptor {
    private final Traffic traffic;

    Wire(Traffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        traffic.connection();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        traffic.request();
        long body = request.body() == null ? 0 : Math.max(0, request.body().contentLength());
        traffic.sent(headSize(request.method() + " " + request.url().encodedPath()
                + (request.url().encodedQuery() == null ? "" : "?" + request.url().encodedQuery()) + " HTTP/1.1",
                request.headers()) + body);
        Response response;
        Connection connection = chain.connection();
        boolean http1 = connection != null
                && (connection.protocol() == Protocol.HTTP_1_1 || connection.protocol() == Protocol.HTTP_1_0);
        if (http1) HeadWatch.expectHead(connection.socket());
        try {
            response = chain.proceed(request);
        } finally {
            if (connection != null) HeadWatch.headComplete(connection.socket());
        }
        traffic.received(headSize("HTTP/1.1 " + response.code() + " " + response.message(), response.headers()));
        ResponseBody original = response.body();
        Counting counting = new Counting(original.source(), traffic);
        ResponseBody counted = ResponseBody.create(Okio.buffer(counting), original.contentType(), original.contentLength());
        return response.newBuilder().body(counted).build();
    }

    /** The bytes of a head: its first line, each header line, and the blank line, each ended by CRLF. */
    private static long headSize(String firstLine, Headers headers) {
        long n = firstLine.length() + 2L + 2L;
        for (int i = 0; i < headers.size(); i++) n += headers.name(i).length() + 2L + headers.value(i).length() + 2L;
        return n;
    }

    private static final class Counting extends ForwardingSource {
        private final Traffic traffic;

        Counting(okio.Source delegate, Traffic traffic) {
            super(delegate);
            this.traffic = traffic;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n = super.read(sink, byteCount);
            if (n > 0) traffic.received(n);
            return n;
        }
    }
}
