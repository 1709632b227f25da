package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.json.RocmonJson;
import org.rocmon.occi.internal.frontend.Frontend;
import org.rocmon.occi.internal.frontend.OcciServlet;

/**
 * FIWARE's pull and push models shaped as NGSI-v2 at {@code /v2/*} (docs/ngsi.md), beside the OCCI front end whose
 * entities they show: needs the {@link Frontend} the OCCI servlet registers, so it comes and goes with it. Owns the
 * threads of the push model: one scheduler (evaluation rounds every {@code pollMillis}, deliveries) and the
 * callbacks' HTTP client pool, both shut down at deactivation.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/v2/*")
@HttpWhiteboardServletName("rocmon-ngsi")
@Designate(ocd = NgsiServlet.Config.class)
public final class NgsiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NgsiServlet.class);
    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    /** Configuration (PID {@code org.rocmon.occi.internal.ngsi.NgsiServlet}). */
    @ObjectClassDefinition(name = "Rocmon NGSI-v2", description = "FIWARE pull and push models over the OCCI "
            + "front end's entities")
    public @interface Config {
        @AttributeDefinition(description = "How often subscribed entities are read for new values, ms", min = "100")
        long pollMillis() default 1000;

        @AttributeDefinition(description = "Hosts (host or host:port) notifications may go to besides loopback")
        String[] callbackAllowlist() default {};

        @AttributeDefinition(description = "Connect and request timeout of a notification, ms", min = "100")
        long timeoutMillis() default 3000;

        @AttributeDefinition(description = "Notifications kept per subscription while its callback fails; the "
                + "oldest is dropped beyond", min = "1")
        int maxPending() default 1000;

        @AttributeDefinition(description = "Wait after a failed notification, ms; doubled at each failure in a row",
                min = "10")
        long retryMinMillis() default 1000;

        @AttributeDefinition(description = "Longest wait between two attempts, ms", min = "10")
        long retryMaxMillis() default 60000;
    }

    private final transient ScheduledExecutorService scheduler;
    private final transient ExecutorService httpExecutor;
    private final transient NgsiApi api;

    @Activate
    public NgsiServlet(BundleContext context, Config config, @Reference(name = "frontend") Frontend frontend) {
        Callbacks callbacks;
        try {
            callbacks = new Callbacks(config.callbackAllowlist(), frontend::userMayReach);
            check(config.pollMillis() >= 100, "pollMillis must be at least 100");
            check(config.timeoutMillis() >= 100, "timeoutMillis must be at least 100");
            check(config.maxPending() >= 1, "maxPending must be at least 1");
            check(config.retryMinMillis() >= 10 && config.retryMaxMillis() >= config.retryMinMillis(),
                    "retryMinMillis must be at least 10 and retryMaxMillis at least retryMinMillis");
        } catch (IllegalArgumentException e) {
            LOG.error("NGSI-v2 not started: {}", e.getMessage());
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "rocmon-ngsi-" + n.incrementAndGet()));
        httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "rocmon-ngsi-http-" + n.incrementAndGet()));
        Path data = OcciServlet.dataFolder(context);
        FrontendMonitored monitored = new FrontendMonitored(frontend);
        NgsiEntities entities = new NgsiEntities(monitored);
        Notifier notifier = new Notifier(entities, new SubscriptionStore(data == null ? null
                : data.resolve("ngsi").resolve("subscriptions")), new CallbackClient(config.timeoutMillis(),
                        httpExecutor), scheduler, System::currentTimeMillis,
                new Notifier.Limits(config.maxPending(), config.retryMinMillis(), config.retryMaxMillis()));
        api = new NgsiApi(entities, new SubscriptionsApi(notifier, new SubscriptionJson(entities, callbacks)),
                new EntityHistory(entities, monitored));
        scheduler.scheduleWithFixedDelay(notifier::tick, config.pollMillis(), config.pollMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("NGSI-v2 at /v2: {} subscriptions, read every {} ms", notifier.all().size(), config.pollMillis());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Object c = req.getAttribute(Caller.ATTRIBUTE);
            if (!(c instanceof Caller) || ((Caller) c).name == null) {
                HttpIo.drain(req);
                throw Problem.of(401, "authentication is required (is the org.rocmon.security bundle running?)")
                        .header("WWW-Authenticate", "Basic realm=\"rocmon\", Bearer");
            }
            Caller caller = (Caller) c;
            String method = "HEAD".equals(req.getMethod()) ? "GET" : req.getMethod();
            JsonNode body = null;
            if (("POST".equals(method) || "PATCH".equals(method)) && path(req).startsWith("/subscriptions")) {
                body = HttpIo.jsonObject(req, "a subscription");
            } else {
                HttpIo.drain(req);
            }
            NgsiApi.Answer a = api.handle(method, path(req), query(req), body,
                    new NgsiEntities.Who(caller.name, caller.roles.contains(Caller.ROLE_ADMIN)));
            resp.setStatus(a.status());
            a.headers().forEach(resp::setHeader);
            if (a.body() != null) {
                byte[] out = MAPPER.writeValueAsBytes(a.body());
                resp.setContentType("application/json");
                resp.setCharacterEncoding("UTF-8");
                resp.setContentLength(out.length);
                if (!"HEAD".equals(req.getMethod())) {
                    try (OutputStream o = resp.getOutputStream()) {
                        o.write(out);
                    }
                }
            }
        } catch (Problem p) {
            HttpIo.problem(resp, ngsi(p));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            HttpIo.problem(resp, ngsi(Problem.of(503, "internal failure; see the node's log")));
        }
    }

    /** The one error shape (RFC 9457) with NGSI-v2's {@code error} and {@code description} members added. */
    static Problem ngsi(Problem p) {
        return p.with("error", Problem.title(p.status()).replace(" ", "")).with("description", p.detail());
    }

    private static Map<String, String> query(HttpServletRequest req) {
        Map<String, String> q = new LinkedHashMap<>();
        OcciServlet.query(req.getQueryString()).forEach((k, v) -> q.put(k, v.get(0)));
        return q;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String path(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }
}
