package org.rocmon.occi.internal.frontend;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinSupply;
import org.rocmon.occi.internal.frontend.deploy.HttpNodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.store.EntityStore;
import org.rocmon.api.attributes.FileArea;
import org.rocmon.api.runtime.EntityIds;
import org.rocmon.api.security.PeerCredentials;

/**
 * The OCCI 1.2 front end at {@code /occi/*} and {@code /.well-known/org/ogf/occi/-/}, and where nodes join it
 * ({@code /join/*}, {@link JoinRequests}): wires the model (live from
 * the mixin catalog), the entity store under {@code ${rocmon.data}/occi}, the node registry and the deployer, and
 * owns the one scheduler thread that re-deploys after activation and retries undeployed entities.
 */
@Component(service = Servlet.class)
// Registered by hand below, for the NGSI-v2 servlet of this bundle: declared so that resolvers (Karaf) see it offered.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"" + OcciServlet.FRONTEND + "\"")
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/occi/*", "/.well-known/org/ogf/occi/*", "/join/*"})
@HttpWhiteboardServletName("rocmon-occi")
@Designate(ocd = OcciServlet.Config.class)
public final class OcciServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The class name of the front end service this component registers. */
    static final String FRONTEND = "org.rocmon.occi.internal.frontend.Frontend";
    private static final Logger LOG = LoggerFactory.getLogger(OcciServlet.class);

    /** Configuration of the front end (PID {@code org.rocmon.occi.internal.frontend.OcciServlet}). */
    @ObjectClassDefinition(name = "Rocmon OCCI front end", description = "Deploys OCCI entities onto runtime nodes")
    public @interface Config {
        @AttributeDefinition(description = "How often entities that are not deployed are retried, ms")
        long retryMillis() default 3000;

        @AttributeDefinition(description = "Connect and request timeout of calls to nodes, ms")
        long timeoutMillis() default 3000;

        @AttributeDefinition(description = "Runtime nodes as id=url, e.g. edge1=http://127.0.0.1:9001")
        String[] nodes() default {};

        @AttributeDefinition(description = "Where a new sensor or compute that names no rocmon.node runs: local, or "
                + "least-loaded (the live node with the least load that has room)")
        String placement() default "local";

        @AttributeDefinition(description = "Whether the least-loaded placement may choose the front end's own node "
                + "(local)")
        boolean placeLocally() default true;

        @AttributeDefinition(description = "How long a node that joined by itself may stay silent (no heartbeat) "
                + "before it is marked down, ms", min = "100")
        long joinGraceMillis() default 15000;

        @AttributeDefinition(description = "What moves off a joined node marked down: placed (what the placement "
                + "put there), all, or none")
        String redeploy() default "placed";

        @AttributeDefinition(description = "Mixins ordinary users may not apply (admins may apply any), as ids "
                + "(scheme#term) or bare terms; by default the two that run commands on the node")
        String[] userDeniedMixins() default {"http://example.com/occi/monitoring/metric#NagiosPlugin",
            "http://example.com/occi/monitoring/metric#NRPE"};

        @AttributeDefinition(description = "If not empty, the only mixins ordinary users may apply (less the "
                + "denied ones), as ids or bare terms; empty: every installed mixin that is not denied")
        String[] userAllowedMixins() default {};

        @AttributeDefinition(description = "How many entities (sensors, collectors, compute resources) one "
                + "ordinary user may own; admins are not limited", min = "1")
        int maxEntitiesPerUser() default 100;

        @AttributeDefinition(description = "How many collectors one ordinary user may own (they count as entities "
                + "too); admins are not limited", min = "1")
        int maxCollectorsPerUser() default 50;

        @AttributeDefinition(description = "Where ordinary users' publishers may send data: host, host:port, "
                + "[v6]:port or CIDR entries (e.g. 127.0.0.1/8, metrics.example.org:8086); empty: nowhere on the "
                + "network. Admins may send anywhere")
        String[] userDestinations() default {};
    }

    private final transient ScheduledExecutorService scheduler;
    private final transient ExecutorService httpExecutor;
    private final transient Frontend frontend;
    private final transient OcciApi api;
    private final transient JoinRequests joins;
    /** The front end as a service of this bundle, for the NGSI-v2 servlet (org.rocmon.occi.internal.ngsi). */
    private final transient ServiceRegistration<Frontend> registration;

    @Activate
    public OcciServlet(BundleContext context, Config config, @Reference(name = "catalog") MixinCatalog catalog,
            @Reference(name = "peers") PeerCredentials peers) {
        // Confinement is checked first: a front end that would serve users without it must not start.
        UserLimits limits;
        FileArea files;
        try {
            limits = new UserLimits(MixinPolicy.of(config.userDeniedMixins(), config.userAllowedMixins()),
                    DestinationPolicy.of(config.userDestinations()), config.maxEntitiesPerUser(),
                    config.maxCollectorsPerUser());
            files = files(context);
            NodeFleet.check(config.joinGraceMillis(), config.redeploy(), config.placement());
        } catch (IllegalArgumentException e) {
            LOG.error("OCCI front end not started: {}", e.getMessage());
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rocmon-occi-deployer"));
        httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "rocmon-occi-http-" + n.incrementAndGet()));
        NodeRegistry nodes = new NodeRegistry(NodeUrl.of(context::getProperty).base().toString());
        for (String entry : config.nodes()) {
            int eq = entry.indexOf('=');
            String id = eq < 0 ? "" : entry.substring(0, eq).trim();
            String url = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (EntityIds.valid(id) && !NodeRegistry.LOCAL.equals(id) && NodeRegistry.invalid(url) == null) {
                nodes.configure(id, url);
            } else {
                LOG.warn("ignoring node entry \"{}\": expected id=https://host:port", entry);
            }
        }
        Path data = dataFolder(context);
        EntityStore store = new EntityStore(data == null ? null : data.resolve("occi"));
        store.load();
        store.nodes().forEach(nodes::register);
        frontend = new Frontend(new Model(catalog::list, id -> install(catalog, id)), store, nodes,
                new HttpNodeClient(Math.max(100, config.timeoutMillis()), httpExecutor, peers), System::currentTimeMillis);
        frontend.configureNodes(config.joinGraceMillis(), config.redeploy(), config.placement(),
                config.placeLocally());
        frontend.confineFiles(files);
        api = new OcciApi(frontend, headerBudget(context), limits);
        joins = new JoinRequests(frontend);
        LOG.info("OCCI front end: users confined to {}; mixins write files under {}", limits,
                files == null ? "the node's own folders" : files.folders());
        long retry = Math.max(100, config.retryMillis());
        // Stored states are from before this start: pending until re-deployed. Done here, before the servlet is
        // registered, so no client reads a stale "deployed"; the deploying itself runs off the activation thread,
        // since the node's own endpoints may register after this servlet.
        frontend.markRestarted();
        scheduler.execute(this::retry);
        scheduler.scheduleWithFixedDelay(this::retry, retry, retry, TimeUnit.MILLISECONDS);
        registration = context.registerService(Frontend.class, frontend, null);
    }

    /**
     * Where mixins may write, as the node's catalog has it: path attributes are checked before any node is asked.
     * Without {@code rocmon.data} (Karaf) the catalog confines to its own bundle's data area, which the front end
     * cannot name: then only the node checks (its refusal is a 400 naming the attribute all the same).
     */
    private static FileArea files(BundleContext ctx) {
        String data = ctx.getProperty(NodeProperties.DATA);
        return data == null || data.isBlank() ? null
                : FileArea.parse(data, ctx.getProperty(NodeProperties.FILE_FOLDERS));
    }

    // Optional: without a repository, entities may name installed mixins only.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MixinSupply supply;

    /** Installs a mixin from the repository (whatever its kind) and waits until the catalog lists it. */
    private boolean install(MixinCatalog catalog, String id) {
        MixinSupply repository = supply;
        if (repository == null) {
            return false;
        }
        for (MixinKind kind : MixinKind.values()) {
            try {
                if (repository.provide(kind, id, null) != null) {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (System.nanoTime() < end) {
                        if (catalog.list().stream().anyMatch(d -> id.equals(d.id))) {
                            return true;
                        }
                        Thread.sleep(20);
                    }
                    return false;
                }
            } catch (MixinSupply.SupplyException e) {
                LOG.warn("mixin {} could not be installed from the repository: {}", id, e.getMessage());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retry() {
        try {
            // Probe first, so that entities on a node that is down are shown failed and not called in vain.
            frontend.probe();
            frontend.retry();
        } catch (RuntimeException e) {
            LOG.error("retrying deployments failed", e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/join".equals(req.getServletPath())) {
            joins.serve(req, resp); // nodes joining by themselves (docs/scaling.md)
            return;
        }
        OcciResponse r;
        OcciRequest request = null;
        try {
            Caller caller = caller(req);
            request = toRequest(req, HttpIo.body(req), caller);
            r = api.handle(request);
        } catch (Problem p) {
            // no caller (401) or the body was refused (413): answer in the rendering asked for, with the headers
            // every answer has
            HttpIo.drain(req);
            r = Answers.error(p, toRequest(req, new byte[0], null));
            r.header("Server", Answers.SERVER);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            r = Answers.error(Problem.of(503, "internal failure; see the node's log"), request);
            r.header("Server", Answers.SERVER);
        }
        resp.setStatus(r.status);
        for (String[] h : r.headers) {
            resp.addHeader(h[0], h[1]);
        }
        if (r.status == 413) {
            resp.setHeader("Connection", "close"); // what is left of the body is not read
        }
        if (r.contentType != null && r.status != 204) {
            resp.setContentType(r.contentType);
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(r.body.length);
            if (!"HEAD".equals(req.getMethod())) {
                try (OutputStream out = resp.getOutputStream()) {
                    out.write(r.body);
                }
            }
        }
    }

    /**
     * The caller the security guard authenticated. Without one (no guard installed, or a path it does not cover)
     * the front end refuses, rather than serve everybody's entities to nobody in particular.
     */
    private static Caller caller(HttpServletRequest req) throws Problem {
        Object c = req.getAttribute(Caller.ATTRIBUTE);
        if (!(c instanceof Caller) || ((Caller) c).name == null) {
            throw Problem.of(401, "authentication is required (is the org.rocmon.security bundle running?)")
                    .header("WWW-Authenticate", "Basic realm=\"rocmon\", Bearer realm=\"rocmon\"");
        }
        return (Caller) c;
    }

    private static OcciRequest toRequest(HttpServletRequest req, byte[] body, Caller caller) {
        String path = (req.getServletPath() == null ? "" : req.getServletPath())
                + (req.getPathInfo() == null ? "" : req.getPathInfo());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        String base = req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
        String method = "HEAD".equals(req.getMethod()) ? "GET" : req.getMethod();
        // getRemoteUser() is the whiteboard's REMOTE_USER the guard set; the roles come with the Caller.
        String user = caller == null ? req.getRemoteUser() : caller.name;
        boolean admin = caller != null && caller.roles.contains(Caller.ROLE_ADMIN);
        return new OcciRequest(method, path, query(req.getQueryString()), headers, body,
                user == null ? "anonymous" : user, admin, base);
    }

    public static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return q;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** @return the node's data folder, or the bundle's data area, or null (nothing survives a restart) */
    public static Path dataFolder(BundleContext context) {
        String configured = context.getProperty(NodeProperties.DATA);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        File area = context.getDataFile("");
        if (area == null) {
            LOG.warn("no {} property and no bundle data area: OCCI entities will not survive a restart",
                    NodeProperties.DATA);
            return null;
        }
        return area.toPath();
    }

    /** @return the container's response header budget: the Felix HTTP property, or its default */
    private static int headerBudget(BundleContext context) {
        String p = context.getProperty(Answers.HEADER_BUDGET_PROPERTY);
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a size; assuming {}", Answers.HEADER_BUDGET_PROPERTY, p,
                        Answers.DEFAULT_HEADER_BUDGET);
            }
        }
        return Answers.DEFAULT_HEADER_BUDGET;
    }

}
