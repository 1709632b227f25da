package org.rocmon.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpServer;

import org.junit.rules.ExternalResource;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port that records every request and answers with scripted
 * status codes (204 with no body once the script is empty, else a small JSON error body). Use it as a JUnit rule
 * (started before each test, stopped after) or through {@link #started()} with try-with-resources.
 */
public final class RecordingHttpServer extends ExternalResource implements AutoCloseable {

    /** One request as received. */
    public static final class Request {
        public final String uri;
        public final String authorization;
        public final String contentType;
        public final String body;

        Request(String uri, String authorization, String contentType, String body) {
            this.uri = uri;
            this.authorization = authorization;
            this.contentType = contentType;
            this.body = body;
        }
    }

    /** Every request, in arrival order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Status codes to answer, in order; 204 once empty. */
    public final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
    private HttpServer server;

    /** @return a server already started, to close when done */
    public static RecordingHttpServer started() throws IOException {
        RecordingHttpServer s = new RecordingHttpServer();
        s.start();
        return s;
    }

    @Override
    protected void before() throws IOException {
        start();
    }

    @Override
    protected void after() {
        close();
    }

    /** Starts listening. */
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requests.add(new Request(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Integer status = answers.poll();
            int code = status == null ? 204 : status;
            byte[] answer = code == 204 ? new byte[0]
                    : ("{\"code\":\"scripted\",\"message\":\"status " + code + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, code == 204 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String base() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
