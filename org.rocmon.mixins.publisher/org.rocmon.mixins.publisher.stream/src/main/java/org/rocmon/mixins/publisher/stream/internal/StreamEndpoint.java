package org.rocmon.mixins.publisher.stream.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.http.sse.SseResponse;

/**
 * The bundle's one SSE endpoint: an async whiteboard servlet at {@code /stream/*} serving what the Stream mixin
 * instances publish through its {@link StreamRegistry}. {@code GET /stream/<sensor id>} (or the path a mixin was
 * given) answers {@code text/event-stream}: the latest value of each channel at once, then one
 * {@code event: measurement} per measurement. {@code GET /stream/} lists the streams as JSON, or, for a browser
 * (Accept: text/html), serves a small live page built on EventSource.
 */
@Component(service = {Servlet.class, StreamRegistry.class}, immediate = true)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern(StreamEndpoint.PATTERN)
@HttpWhiteboardServletName("rocmon-stream")
@HttpWhiteboardServletAsyncSupported
public class StreamEndpoint extends HttpServlet implements StreamRegistry {

    private static final long serialVersionUID = 1L;
    static final String ROOT = "/stream";
    static final String PATTERN = ROOT + "/*";
    /** Frames a subscriber may fall behind before its oldest are dropped. */
    static final int QUEUE_FRAMES = 1024;
    /** Open streams over all paths; more are refused with 503 so that idle dashboards cannot exhaust the node. */
    static final int MAX_SUBSCRIBERS = 256;
    /** Milliseconds a browser waits before it reconnects. */
    static final int RETRY_MILLIS = 3000;

    private final transient Streams streams = new Streams();

    @Override
    public void attach(String path) {
        streams.attach(path);
    }

    @Override
    public void detach(String path) {
        streams.detach(path);
    }

    @Override
    public void publish(String path, String key, String frame) {
        streams.publish(path, key, frame);
    }

    @Override
    public void keepAlive(String path) {
        streams.keepAlive(path);
    }

    /** @return the streams, for tests */
    Streams streams() {
        return streams;
    }

    @Deactivate
    void deactivate() {
        for (String path : streams.paths()) {
            // end every open response: Jetty would otherwise hold them until the clients go
            while (streams.paths().contains(path)) {
                streams.detach(path);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = request.getPathInfo();
        String path = ROOT + (info == null ? "" : info);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (ROOT.equals(path)) {
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains("text/html")) {
                send(response, 200, "text/html", StreamPage.HTML);
            } else {
                HttpIo.json(response, 200, Map.of("streams", list()));
            }
            return;
        }
        if (!streams.paths().contains(path)) {
            HttpIo.problem(response, Problem.notFound("no Stream mixin publishes at " + path)
                    .with("streams", List.copyOf(streams.paths())));
            return;
        }
        if (streams.total() >= MAX_SUBSCRIBERS) {
            HttpIo.problem(response, Problem.of(503, "too many open streams on this node (" + MAX_SUBSCRIBERS
                    + "); close one or try again later").header("Retry-After", String.valueOf(RETRY_MILLIS / 1000)));
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        // nginx and similar proxies would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        String stream = path;
        SseResponse[] self = new SseResponse[1];
        self[0] = new SseResponse(async, response.getOutputStream(), QUEUE_FRAMES,
                "retry: " + RETRY_MILLIS + "\n: stream " + stream + "\n\n", () -> streams.unsubscribe(stream, self[0]));
        self[0].start();
        if (!streams.subscribe(stream, self[0])) {
            self[0].offer(SseFormat.end(stream));
            self[0].end();
        }
    }

    private List<Map<String, Object>> list() {
        Map<String, Long> published = streams.published();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, Integer> e : streams.subscribers().entrySet()) {
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("path", e.getKey());
            stream.put("subscribers", e.getValue());
            stream.put("published", published.getOrDefault(e.getKey(), 0L));
            list.add(stream);
        }
        return list;
    }

    private static void send(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.getWriter().write(body);
    }
}
