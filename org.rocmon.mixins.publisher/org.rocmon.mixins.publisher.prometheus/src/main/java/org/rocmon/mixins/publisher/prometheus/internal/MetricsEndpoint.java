package org.rocmon.mixins.publisher.prometheus.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;

/**
 * The bundle's one scrape endpoint: a whiteboard servlet at {@code /metrics/*} that renders what the Prometheus
 * mixin instances put in its {@link SeriesRegistry}. {@code GET /metrics/<sensor id>} (or the path a mixin was
 * given) answers in text format 0.0.4 or, when the Accept header asks for it, OpenMetrics 1.0.0; {@code GET
 * /metrics/} lists the paths in use.
 */
@Component(service = {Servlet.class, SeriesRegistry.class}, immediate = true)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern(MetricsEndpoint.PATTERN)
@HttpWhiteboardServletName("rocmon-prometheus-metrics")
public class MetricsEndpoint extends HttpServlet implements SeriesRegistry {

    private static final long serialVersionUID = 1L;
    static final String ROOT = "/metrics";
    static final String PATTERN = ROOT + "/*";

    private final transient SeriesStore store = new SeriesStore();

    @Override
    public void put(String path, Series series) {
        store.put(path, series);
    }

    @Override
    public void remove(String path, String key) {
        store.remove(path, key);
    }

    /** @return the exposition of a path, or {@code null} when nothing publishes there */
    String render(String path, Exposition.Format format) {
        List<Series> series = store.series(path);
        return series == null ? null : Exposition.render(series, format);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = request.getPathInfo();
        String path = ROOT + (info == null ? "" : info);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        response.setCharacterEncoding("UTF-8");
        if (ROOT.equals(path)) {
            HttpIo.json(response, 200, Map.of("paths", store.paths()));
            return;
        }
        Exposition.Format format = Exposition.Format.negotiate(request.getHeader("Accept"));
        String text = render(path, format);
        if (text == null) {
            HttpIo.problem(response, Problem.notFound("no Prometheus mixin publishes at " + path));
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        send(response, 200, format.contentType, text);
    }

    private static void send(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.getWriter().write(body);
    }
}
