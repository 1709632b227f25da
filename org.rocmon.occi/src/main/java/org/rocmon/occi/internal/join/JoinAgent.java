package org.rocmon.occi.internal.join;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.occi.internal.frontend.deploy.HttpNodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.shell.LocalNode;

/**
 * Joins this node to its front end by itself ({@code rocmon.frontend.url}, docs/scaling.md): once the node's own
 * APIs answer, it announces its id, advertised URL ({@code NodeUrl}), capacity and load ({@code PUT /join/{id}}),
 * then heartbeats with its load every {@code rocmon.join.heartbeatMillis} ({@code POST /join/{id}}); when the front
 * end does not know it (it restarted) or marked it down, it announces itself again. It presents the deployment's
 * node credential ({@link PeerCredentials}). One host-owned thread, {@code rocmon-join}; nothing runs without the
 * property. The settings are checked at activation: a bad one is logged naming the property and the component does
 * not start.
 */
@Component(service = {})
public final class JoinAgent {

    private static final Logger LOG = LoggerFactory.getLogger(JoinAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JoinSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService http;
    private final NodeClient client;
    private final LocalNode self;
    /** Only the scheduler thread touches these. */
    private boolean joined;
    private String lastProblem;

    @Activate
    public JoinAgent(BundleContext context, @Reference(name = "peers") PeerCredentials peers) {
        try {
            settings = JoinSettings.from(context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("this node does not join a front end: {}", e.getMessage());
            throw e;
        }
        if (settings == null) {
            scheduler = null;
            http = null;
            client = null;
            self = null;
            return;
        }
        http = Executors.newCachedThreadPool(r -> daemon(r, "rocmon-join-http"));
        client = new HttpNodeClient(Math.max(1_000, Math.min(10_000, settings.heartbeatMillis * 2)), http, peers);
        self = new LocalNode(client, settings.node.base().toString());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rocmon-join"));
        scheduler.scheduleWithFixedDelay(this::beat, 0, settings.heartbeatMillis, TimeUnit.MILLISECONDS);
        LOG.info("node {} ({}) joins the front end {} (heartbeat every {} ms)", settings.id, settings.node,
                settings.frontend, settings.heartbeatMillis);
    }

    @Deactivate
    void deactivate() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            http.shutdownNow();
        }
    }

    /** One round: announce when not joined, else heartbeat. Never throws (the schedule would stop). */
    private void beat() {
        try {
            int[] load;
            try {
                load = load();
            } catch (LocalNode.NodeException e) {
                // Normal while the node starts (HTTPS comes up once every bundle is): no WARN for that.
                String what = "not announced yet: this node's own API does not answer (" + e.getMessage() + ")";
                if (!joined && !what.equals(lastProblem)) {
                    LOG.info("node {}: {}", settings.id, what);
                    lastProblem = what;
                } else {
                    problem(what);
                }
                return;
            }
            if (joined) {
                NodeClient.Reply r = send("POST", Map.of("load", loadJson(load)));
                if (r.status == 204 || r.ok()) {
                    ok();
                    return;
                }
                if (r.status != 404 && r.status != 409) {
                    problem("heartbeat answered " + r.status + detail(r));
                    return;
                }
                LOG.info("front end {} asks node {} to announce itself again: {}", settings.frontend, settings.id,
                        detail(r));
                joined = false;
            }
            announce(load);
        } catch (IOException e) {
            problem("front end " + settings.frontend + " unreachable: " + e.getMessage());
        } catch (RuntimeException e) {
            problem("join round failed: " + e);
        }
    }

    private void announce(int[] load) throws IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("url", settings.node.base().toString());
        body.put("heartbeatMillis", settings.heartbeatMillis);
        body.put("capacity", Map.of("maxSensors", settings.maxSensors, "maxCollectors", settings.maxCollectors));
        body.put("load", loadJson(load));
        NodeClient.Reply r = send("PUT", body);
        if (!r.ok()) {
            problem("announcement answered " + r.status + detail(r));
            return;
        }
        joined = true;
        lastProblem = null;
        LOG.info("node {} joined the front end {} as {}", settings.id, settings.frontend, settings.node);
    }

    private NodeClient.Reply send(String method, Object body) throws IOException {
        return client.send(method, settings.joinUri(), JSON.writeValueAsString(body));
    }

    /** @return sensors, resources and resource collectors of this node, from its own API */
    private int[] load() throws LocalNode.NodeException {
        int sensors = self.sensorIds().size();
        JsonNode resources = self.get("/resource/").path("resources");
        int collectors = 0;
        for (JsonNode r : resources) {
            collectors += r.path("collectors").size();
        }
        return new int[] {sensors, resources.size(), collectors};
    }

    private static Map<String, Object> loadJson(int[] load) {
        return Map.of("sensors", load[0], "resources", load[1], "collectors", load[2]);
    }

    private void ok() {
        if (lastProblem != null) {
            LOG.info("node {} reaches the front end {} again", settings.id, settings.frontend);
            lastProblem = null;
        }
    }

    /** Logs a problem once, not at every round. */
    private void problem(String what) {
        if (!what.equals(lastProblem)) {
            LOG.warn("node {}: {}", settings.id, what);
            lastProblem = what;
        }
    }

    private static String detail(NodeClient.Reply r) {
        String d = r.detail();
        return d == null ? "" : ": " + d;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
