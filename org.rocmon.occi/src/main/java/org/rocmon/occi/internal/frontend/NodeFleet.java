package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.Deployer;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeHealth;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.store.EntityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes the front end deploys onto: their registration, health probes and the least-loaded placement. Called
 * by {@link Frontend} under its lock (changes are serialized there); {@link #views} and {@link #down} read without
 * it.
 */
final class NodeFleet {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFleet.class);

    private final NodeRegistry nodes;
    private final EntityStore store;
    private final Deployer deployer;
    private final NodeClient client;
    private final LongSupplier clock;
    private final BiConsumer<Entity, Deployer.Result> recordState;
    private final NodeHealth health = new NodeHealth();

    NodeFleet(NodeRegistry nodes, EntityStore store, Deployer deployer, NodeClient client, LongSupplier clock,
            BiConsumer<Entity, Deployer.Result> recordState) {
        this.nodes = nodes;
        this.store = store;
        this.deployer = deployer;
        this.client = client;
        this.clock = clock;
        this.recordState = recordState;
    }

    /**
     * Probes every node ({@code GET <url>/sensor/}); the entities on a node that is down are shown failed, and
     * {@link #retry} deploys them again once a probe finds the node up.
     */
    void probe() {
        for (String node : nodes.all().keySet()) {
            if (NodeRegistry.LOCAL.equals(node) && !hostsEntities(node)) {
                // The local node is this process, so it is up; with nothing placed on it an HTTP probe would only
                // keep a connection to our own port open.
                health.record(node, null, clock.getAsLong());
                continue;
            }
            String base = nodes.url(node);
            String error = null;
            try {
                NodeClient.Reply r = client.send("GET", java.net.URI.create(base + "/sensor/"), null);
                if (!r.ok()) {
                    error = "answered " + r.status + " to GET /sensor/";
                }
            } catch (IOException | IllegalArgumentException ex) {
                error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            }
            if (error != null) {
                // Entities first: the node views are read without the lock, so whoever sees the node down must
                // already find its entities failed with the reason.
                for (Entity e : store.all()) {
                    if (node.equals(deployer.placement(e))) {
                        recordState.accept(e, Deployer.Result.failed("node " + node + " is down: " + error));
                    }
                }
            }
            NodeHealth.Change change = health.record(node, error, clock.getAsLong());
            if (change == NodeHealth.Change.DOWN) {
                LOG.warn("node {} ({}) is down: {}", node, base, error);
            } else if (change == NodeHealth.Change.UP) {
                LOG.info("node {} ({}) is up", node, base);
            }
        }
    }

    private boolean hostsEntities(String node) {
        for (Entity e : store.all()) {
            if (node.equals(deployer.placement(e))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the node with the fewest sensors among {@code local} and the nodes whose last probe succeeded
     *         (ties go to the first id in order), {@code local} when no other is up
     */
    String leastLoadedNode() {
        Map<String, Integer> sensors = new TreeMap<>();
        for (String node : nodes.all().keySet()) {
            if (NodeRegistry.LOCAL.equals(node) ? !health.down(node) : health.up(node)) {
                sensors.put(node, 0);
            }
        }
        for (Entity e : store.all()) {
            if (Model.SENSOR.equals(e.kind)) {
                sensors.computeIfPresent(e.node(), (k, n) -> n + 1);
            }
        }
        String best = NodeRegistry.LOCAL;
        int fewest = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> n : sensors.entrySet()) {
            if (n.getValue() < fewest) {
                best = n.getKey();
                fewest = n.getValue();
            }
        }
        return best;
    }

    /** @return whether the node's last probe failed */
    boolean down(String node) {
        return health.down(node);
    }

    /** @return why the node is down, for its entities' {@code rocmon.reason} */
    String downReason(String node) {
        return "node " + node + " is down: " + health.error(node);
    }

    /** @return each node with where it comes from, its health and how many entities it runs */
    Map<String, Map<String, Object>> views() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Map<String, Integer> placed = new HashMap<>();
        for (Entity e : store.all()) {
            String n = deployer.placement(e);
            if (n != null) {
                placed.merge(n, 1, Integer::sum);
            }
        }
        nodes.all().forEach((id, node) -> {
            Map<String, Object> v = new LinkedHashMap<>(node);
            v.putAll(health.view(id));
            v.put("entities", placed.getOrDefault(id, 0));
            out.put(id, v);
        });
        return out;
    }

    /** Registers or replaces a node; returns whether it is new. */
    boolean put(String id, String url) throws Problem {
        if (!EntityIds.valid(id)) {
            throw Problem.badRequest("node id must match " + EntityIds.PATTERN + " (not . or ..)", "id");
        }
        if (NodeRegistry.LOCAL.equals(id)) {
            throw Problem.badRequest("the local node is built in", "id");
        }
        String invalid = NodeRegistry.invalid(url);
        if (invalid != null) {
            throw Problem.badRequest(invalid, "url");
        }
        try {
            store.putNode(id, url.trim());
        } catch (IOException e) {
            throw Problem.of(503, "cannot update the entity store");
        }
        return nodes.register(id, url.trim());
    }

    /** Removes a node registered through the API; refused while it runs entities. */
    void delete(String id) throws Problem {
        if (!nodes.registered(id)) {
            throw Problem.of(404, NodeRegistry.LOCAL.equals(id) ? "the local node cannot be removed"
                    : "no node registered through the API as " + id);
        }
        for (Entity e : store.all()) {
            if (!e.isLink() && e.node().equals(id)) {
                throw new Problem(409, "node " + id + " still runs " + e.id, Model.NODE);
            }
        }
        try {
            store.removeNode(id);
        } catch (IOException e) {
            throw Problem.of(503, "cannot update the entity store");
        }
        nodes.unregister(id);
        health.forget(id);
    }
}
