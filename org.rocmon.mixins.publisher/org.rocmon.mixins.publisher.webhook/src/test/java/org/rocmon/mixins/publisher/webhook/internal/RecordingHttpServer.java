package org.rocmon.mixins.publisher.webhook.internal;

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

/** A real HTTP server on 127.0.0.1 that records every request and answers with scripted status codes. */
final class RecordingHttpServer implements AutoCloseable {

    /** One request as received. */
    static final class Request {
        final String uri;
        final String authorization;
        final String contentType;
        final String body;

        Request(String uri, String authorization, String contentType, String body) {
            this.uri = uri;
            this.authorization = authorization;
            this.contentType = contentType;
            this.body = body;
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Status codes to answer, in order; 204 once empty. */
    final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
    private final HttpServer server;

    RecordingHttpServer() throws IOException {
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

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
