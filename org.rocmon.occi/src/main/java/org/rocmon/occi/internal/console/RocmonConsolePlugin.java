package org.rocmon.occi.internal.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.occi.internal.frontend.deploy.HttpNodeClient;
import org.rocmon.api.dto.MixinOfferDTO;
import org.rocmon.api.runtime.MixinRepository;
import org.rocmon.api.security.PeerCredentials;
import org.rocmon.occi.internal.shell.LocalNode;
import org.rocmon.occi.internal.shell.Overview;

/**
 * The "Rocmon" page of the Felix Web Console ({@code /system/console/rocmon}). A plain servlet: the console wraps
 * what it writes in its own header, navigation and footer (and guards it with its own authentication), so this
 * bundle needs no Web Console API and still resolves where there is no console.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=rocmon", "felix.webconsole.title=Rocmon", "felix.webconsole.category=Rocmon"})
public final class RocmonConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RocmonConsolePlugin.class);

    private final transient ExecutorService httpExecutor;
    private final transient Overview overview;

    // Optional: without a repository the page shows installed mixins only.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile MixinRepository repository;

    /**
     * @param context reads the node's HTTP port
     * @param catalog the installed mixins
     * @param peers what the console presents to this node's own API
     */
    @Activate
    public RocmonConsolePlugin(BundleContext context, @Reference(name = "catalog") MixinCatalog catalog,
            @Reference(name = "peers") PeerCredentials peers) {
        AtomicInteger n = new AtomicInteger();
        httpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rocmon-console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        overview = new Overview(new LocalNode(new HttpNodeClient(5_000, httpExecutor, peers),
                NodeUrl.of(context::getProperty).base().toString()), catalog::list,
                this::offers);
    }

    @Deactivate
    void deactivate() {
        httpExecutor.shutdownNow();
    }

    private List<MixinOfferDTO> offers() {
        MixinRepository r = repository;
        return r == null ? List.of() : r.offers();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String page = page();
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        w.write(page);
        w.flush();
    }

    /** Reads each part on its own, so a part that fails still leaves the others on the page. */
    String page() {
        String problem = null;
        List<Overview.SensorRow> sensors = null;
        List<Overview.CollectorRow> collectors = null;
        List<Overview.MixinRow> mixins = List.of();
        try {
            sensors = overview.sensors();
        } catch (LocalNode.NodeException e) {
            problem = e.getMessage();
        }
        try {
            collectors = overview.collectors();
        } catch (LocalNode.NodeException e) {
            problem = problem == null ? e.getMessage() : problem;
        }
        try {
            mixins = overview.mixins();
        } catch (RuntimeException e) {
            LOG.warn("listing mixins for the console failed", e);
            problem = problem == null ? "mixins cannot be listed: " + e.getMessage() : problem;
        }
        return ConsolePage.render(sensors, collectors, mixins, problem);
    }
}
