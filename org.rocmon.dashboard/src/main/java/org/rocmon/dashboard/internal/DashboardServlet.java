package org.rocmon.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.security.Caller;
import org.rocmon.api.security.PeerCredentials;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.http.sse.SseResponse;

/**
 * The dashboard at {@code /dashboard/} on the shared context (so the security guard asks for a login first): the
 * page and its browser libraries, {@code GET /dashboard/api/topology} (the graph, {@link Topology}),
 * {@code GET /dashboard/api/live?ch=node/sensor/channel&ch=...} (one server-sent-events stream per page for all
 * its charts, {@link LiveFeed}) and {@code GET /dashboard/api/history/{node}/{sensor}/{channel}?...} (the node's
 * history query, for a sensor the viewer may see). See docs/dashboard.md.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern(DashboardServlet.PATTERN)
@HttpWhiteboardServletName("rocmon-dashboard")
@HttpWhiteboardServletAsyncSupported
public class DashboardServlet extends HttpServlet {

    static final String PATTERN = "/dashboard/*";
    /** Open live streams over all pages; more are refused with 503. */
    static final int MAX_STREAMS = 64;
    /** Channels one page may watch. */
    static final int MAX_CHANNELS = 200;
    static final long POLL_MILLIS = 1_000;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    /** Files the page loads: path below /dashboard/ to class-path resource and media type. */
    private static final Map<String, String[]> FILES = new LinkedHashMap<>();

    static {
        FILES.put("/", new String[] {"dashboard/index.html", "text/html; charset=utf-8"});
        FILES.put("/app.js", new String[] {"dashboard/app.js", "text/javascript; charset=utf-8"});
        FILES.put("/app.css", new String[] {"dashboard/app.css", "text/css; charset=utf-8"});
        FILES.put("/alarms.js", new String[] {"dashboard/alarms.js", "text/javascript; charset=utf-8"});
        String uplot = "META-INF/resources/webjars/uplot/1.6.30/";
        FILES.put("/lib/uPlot.iife.min.js", new String[] {uplot + "dist/uPlot.iife.min.js", "text/javascript"});
        FILES.put("/lib/uPlot.min.css", new String[] {uplot + "dist/uPlot.min.css", "text/css"});
        FILES.put("/lib/uPlot.LICENSE", new String[] {uplot + "LICENSE", "text/plain"});
        String echarts = "META-INF/resources/webjars/echarts/5.3.1/";
        FILES.put("/lib/echarts.min.js", new String[] {echarts + "dist/echarts.min.js", "text/javascript"});
        FILES.put("/lib/echarts.LICENSE", new String[] {echarts + "LICENSE", "text/plain"});
    }

    private final transient Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final transient ExecutorService http;
    private final transient ScheduledExecutorService timer;
    private final transient NodeApi api;
    private final transient LiveFeed feed;

    @Activate
    public DashboardServlet(@Reference(cardinality = ReferenceCardinality.OPTIONAL) PeerCredentials peers) {
        AtomicInteger n = new AtomicInteger();
        http = Executors.newCachedThreadPool(r -> daemon(r, "rocmon-dashboard-http-" + n.incrementAndGet()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rocmon-dashboard-live"));
        api = new NodeApi(peers == null ? PeerCredentials.none() : peers, http, 3_000);
        feed = new LiveFeed(api);
        timer.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void tick() {
        try {
            feed.tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("dashboard live feed round failed", e); // the next round goes on
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        feed.close();
        http.shutdownNow();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
                HttpIo.drain(req);
                throw Problem.methodNotAllowed(req.getMethod(), List.of("GET", "HEAD"));
            }
            String path = req.getPathInfo();
            if (path == null) {
                // "/dashboard": the page's relative URLs need the trailing slash
                resp.setStatus(301);
                resp.setHeader("Location", "dashboard/");
                return;
            }
            if (path.startsWith("/api/")) {
                api(req, resp, path.substring("/api".length()));
            } else {
                file(resp, path);
            }
        } catch (Problem p) {
            HttpIo.problem(resp, p);
        }
    }

    private void file(HttpServletResponse resp, String path) throws IOException, Problem {
        String[] f = FILES.get(path.equals("/index.html") ? "/" : path);
        if (f == null) {
            throw Problem.notFound("no " + path + " in the dashboard; the page is /dashboard/");
        }
        byte[] body = cache.computeIfAbsent(f[0], this::load);
        if (body.length == 0) {
            throw Problem.notFound("the dashboard bundle lacks " + f[0]);
        }
        resp.setStatus(200);
        resp.setContentType(f[1]);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", path.startsWith("/lib/") ? "max-age=86400" : "no-cache");
        if ("/".equals(path) || "/index.html".equals(path)) {
            resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; frame-ancestors 'none'");
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private byte[] load(String resource) {
        try (InputStream in = DashboardServlet.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private void api(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException, Problem {
        Caller caller = req.getAttribute(Caller.ATTRIBUTE) instanceof Caller ? (Caller) req.getAttribute(
                Caller.ATTRIBUTE) : null;
        Scope scope = Scope.load(api, localBase(req), req.getHeader("Authorization"), caller);
        if ("/topology".equals(path)) {
            var t = Topology.build(api, scope, System.currentTimeMillis());
            t.put("user", caller == null ? null : caller.name);
            resp.setHeader("Cache-Control", "no-store");
            HttpIo.json(resp, 200, t);
        } else if ("/live".equals(path)) {
            live(req, resp, scope);
        } else if (path.startsWith("/history/")) {
            history(req, resp, scope, path.substring("/history/".length()));
        } else {
            throw Problem.notFound("no dashboard endpoint " + path + "; there are /dashboard/api/topology, "
                    + "/dashboard/api/live and /dashboard/api/history/{node}/{sensor}/{channel}");
        }
    }

    private void live(HttpServletRequest req, HttpServletResponse resp, Scope scope) throws IOException, Problem {
        List<LiveFeed.Channel> channels;
        try {
            channels = LiveFeed.parse(req.getParameterValues("ch"));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("ch must be node/sensor/channel, got '" + e.getMessage() + "'", "ch");
        }
        if (channels.isEmpty()) {
            throw Problem.badRequest("name at least one channel: ?ch=node/sensor/channel", "ch");
        }
        if (channels.size() > MAX_CHANNELS) {
            throw Problem.badRequest("at most " + MAX_CHANNELS + " channels per stream, got " + channels.size(),
                    "ch");
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (LiveFeed.Channel c : channels) {
            if (!scope.maySee(c.node, c.sensor)) {
                throw new Problem(404, "no sensor " + c.sensor + " on node " + c.node + " that you may see", "ch");
            }
            urls.put(c.node, scope.node(c.node).url);
        }
        String once = req.getParameter("once");
        long onceMillis = 0;
        if (once != null && !once.isEmpty()) {
            try {
                onceMillis = Math.round(Double.parseDouble(once) * 1000);
            } catch (NumberFormatException e) {
                onceMillis = -1;
            }
            if (onceMillis <= 0 || onceMillis > 600_000) {
                throw Problem.badRequest("once is a number of seconds in (0, 600], or empty", "once");
            }
        }
        if (feed.size() >= MAX_STREAMS) {
            throw Problem.of(503, "too many open dashboard streams on this node (" + MAX_STREAMS + ")")
                    .header("Retry-After", "5");
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        LiveFeed.Subscription[] self = new LiveFeed.Subscription[1];
        SseResponse sink = new SseResponse(async, resp.getOutputStream(), 4096,
                "retry: 3000\n: " + channels.size() + " channels\n\n", () -> feed.remove(self[0]));
        self[0] = new LiveFeed.Subscription(sink, channels, urls, once != null, onceMillis,
                System.currentTimeMillis());
        feed.add(self[0]);
        sink.start();
    }

    private void history(HttpServletRequest req, HttpServletResponse resp, Scope scope, String rest)
            throws IOException, Problem {
        String[] p = rest.split("/", 3);
        if (p.length < 3 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
            throw Problem.notFound("use /dashboard/api/history/{node}/{sensor}/{channel}");
        }
        if (!scope.maySee(p[0], p[1])) {
            throw new Problem(404, "no sensor " + p[1] + " on node " + p[0] + " that you may see", "sensor");
        }
        String query = req.getQueryString();
        NodeApi.Reply r = api.node(scope.node(p[0]).url, "/history/" + enc(p[1]) + "/" + enc(p[2])
                + (query == null ? "" : "?" + query));
        if (r.status == 0 || r.status >= 500) {
            throw new Problem(502, "node " + p[0] + " did not answer the history query: " + r, "node");
        }
        resp.setHeader("Cache-Control", "no-store");
        if (r.status >= 400 && r.body != null) {
            resp.setStatus(r.status);
            resp.setContentType(RocmonHttp.PROBLEM_JSON);
            resp.getOutputStream().write(r.body.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpIo.json(resp, r.status, r.body);
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** This node as the request reached it: same scheme and port, on the address the request came in on. */
    static String localBase(HttpServletRequest req) {
        String addr = req.getLocalAddr();
        if (addr == null || addr.isEmpty() || "0.0.0.0".equals(addr)) {
            addr = "127.0.0.1";
        }
        if (addr.contains(":") && !addr.startsWith("[")) {
            addr = "[" + addr + "]";
        }
        return req.getScheme() + "://" + addr + ":" + req.getLocalPort();
    }
}
