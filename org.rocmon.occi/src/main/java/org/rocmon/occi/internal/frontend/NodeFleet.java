package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.Deployer;
import org.rocmon.occi.internal.frontend.deploy.JoinedNodes;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeHealth;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.store.EntityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes the front end deploys onto: their registration, health probes and the least-loaded placement, and the
 * nodes that join by themselves: their heartbeats, the grace after which one is marked down, the redeployment of
 * what it ran ({@link Redeploy}) and the clean-up when it rejoins. Called by {@link Frontend} under its lock (changes
 * are serialized there); {@link #views} and {@link #down} read without it.
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
    private final JoinedNodes joined = new JoinedNodes();
    /** Nodes that (re)joined and may still run entities that moved away meanwhile: cleaned by {@link #reconcile}. */
    private final Set<String> toReconcile = new TreeSet<>();
    private volatile long graceMillis = 15_000;
    private volatile Redeploy redeploy = Redeploy.PLACED;
    private volatile boolean placeLocally = true;
    private volatile boolean leastLoaded;

    /** What happens to the entities of a joined node that is marked down. */
    enum Redeploy {
        /** Those the placement put there move (the ones that named no node); those that named it wait. */
        PLACED,
        /** All move, even those that named the node. */
        ALL,
        /** None moves: they wait, failed, until the node is back. */
        NONE;

        static Redeploy of(String value) {
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("redeploy=" + value + " is none of placed, all, none");
            }
        }
    }

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
     * @param graceMillis how long a joined node may stay silent before it is marked down
     * @param redeploy what moves off a joined node marked down
     * @param leastLoaded whether new entities naming no node go to the least-loaded node (else {@code local})
     * @param placeLocally whether {@code local} is a candidate of the least-loaded placement
     */
    void configure(long graceMillis, Redeploy redeploy, boolean leastLoaded, boolean placeLocally) {
        this.graceMillis = graceMillis;
        this.redeploy = redeploy;
        this.leastLoaded = leastLoaded;
        this.placeLocally = placeLocally;
    }

    /** @throws IllegalArgumentException naming the node setting that is wrong */
    static void check(long graceMillis, String redeploy, String placement) {
        String p = placement == null ? "" : placement.trim();
        if (!p.equals("local") && !p.equals("least-loaded")) {
            throw new IllegalArgumentException("placement=" + placement + " is neither local nor least-loaded");
        }
        if (graceMillis < 100) {
            throw new IllegalArgumentException("joinGraceMillis=" + graceMillis + " is below 100 ms");
        }
        Redeploy.of(redeploy);
    }

    boolean leastLoaded() {
        return leastLoaded;
    }

    long graceMillis() {
        return graceMillis;
    }

    /**
     * Probes every node ({@code GET <url>/sensor/}) but those that joined (their heartbeats tell); the entities on a
     * node that is down are shown failed, and {@link #retry} deploys them again once a probe finds the node up. Joined
     * nodes silent for longer than the grace are marked down and what they ran is redeployed by the policy.
     */
    void probe() {
        long now = clock.getAsLong();
        for (String id : joined.expire(now, graceMillis)) {
            markDown(id, "no heartbeat for " + joined.silentFor(id, now) + " ms (grace " + graceMillis + " ms)");
        }
        reconcile();
        for (String node : nodes.all().keySet()) {
            if (nodes.joined(node)) {
                continue;
            }
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
     * The least-loaded placement: among the nodes that are up ({@code local} unless its probe failed or
     * {@code placeLocally} is off, registered nodes whose last probe succeeded, joined nodes not marked down) and have
     * room for the kind (fewer sensors than a joined node's {@code maxSensors} for a sensor, fewer collectors than its
     * {@code maxCollectors} for a compute), the one with the least load; ties go to the first id in order. A node's
     * load is what runs there as the front end placed it (sensors, computes, collectors from them), or what a joined
     * node last reported, whichever is more (a report lags behind placements made since).
     *
     * @param kind the kind of the entity to place
     * @param excluded a node not to choose (one being left), or null
     * @return the chosen node; {@code local} when none is up, or null with {@code excluded} local
     */
    String leastLoadedNode(String kind, String excluded) {
        Map<String, int[]> placed = new TreeMap<>(); // sensors, computes, collectors the front end placed there
        for (String node : nodes.all().keySet()) {
            boolean up = NodeRegistry.LOCAL.equals(node) ? placeLocally && !health.down(node)
                    : nodes.joined(node) ? !joined.down(node) && joined.joined(node) : health.up(node);
            if (up && !node.equals(excluded)) {
                placed.put(node, new int[3]);
            }
        }
        for (Entity e : store.all()) {
            int[] n = placed.get(deployer.placement(e));
            if (n != null) {
                n[Model.SENSOR.equals(e.kind) ? 0 : e.isLink() ? 2 : 1]++;
            }
        }
        String best = null;
        long least = Long.MAX_VALUE;
        for (Map.Entry<String, int[]> c : placed.entrySet()) {
            int[] n = c.getValue();
            JoinedNodes.Report r = joined.report(c.getKey());
            int sensors = r == null ? n[0] : Math.max(n[0], r.sensors);
            int collectors = r == null ? n[2] : Math.max(n[2], r.collectors);
            long load = r == null ? n[0] + n[1] + n[2] : Math.max(n[0] + n[1] + n[2], r.total());
            boolean full = r != null && (Model.SENSOR.equals(kind) ? r.maxSensors > 0 && sensors >= r.maxSensors
                    : r.maxCollectors > 0 && collectors >= r.maxCollectors);
            if (!full && load < least) {
                best = c.getKey();
                least = load;
            }
        }
        if (best == null && !NodeRegistry.LOCAL.equals(excluded)) {
            return NodeRegistry.LOCAL;
        }
        return best;
    }

    /** @return where a new entity that names no node goes, by the placement policy */
    String place(String kind) {
        return leastLoaded ? leastLoadedNode(kind, null) : NodeRegistry.LOCAL;
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
            v.putAll(joined.view(id));
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
        if (nodes.joined(id)) {
            throw new Problem(409, "node " + id + " joined by itself; it cannot be registered by hand too", "id");
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

    /**
     * A node announces itself ({@code PUT /join/{id}}): it is up from now on. When it is new here, came back after it
     * was marked down, or changed its URL, what the front end stores on it is deployed there again (and the
     * collectors aimed at its sensors get the new URL), and it is queued for {@link #reconcile}.
     *
     * @return whether the node is new to this front end
     */
    boolean join(String id, JoinedNodes.Report report) throws Problem {
        if (NodeRegistry.LOCAL.equals(id)) {
            throw new Problem(409, "the local node is built in", "id");
        }
        if (nodes.registered(id) || (!nodes.joined(id) && nodes.known(id))) {
            throw new Problem(409, "node " + id + " is registered by hand or configuration; join under another id",
                    "id");
        }
        long now = clock.getAsLong();
        boolean wasDown = joined.down(id);
        JoinedNodes.Report before = joined.announce(id, report, now);
        String oldUrl = nodes.join(id, report.url);
        if (health.record(id, null, now) == NodeHealth.Change.UP) {
            LOG.info("node {} ({}) joined{}", id, report.url, wasDown ? " again after it was marked down" : "");
        }
        if (before == null || wasDown || !report.url.equals(oldUrl)) {
            for (Entity e : store.all()) {
                Entity target = e.isLink() ? store.get(e.target) : null;
                if (id.equals(deployer.placement(e)) || (target != null && id.equals(target.node()))) {
                    recordState.accept(e, Deployer.Result.failed("re-deploying: node " + id + " joined"));
                }
            }
            toReconcile.add(id);
        }
        return before == null;
    }

    /** A heartbeat of a joined node with its load ({@code POST /join/{id}}). */
    JoinedNodes.Beat heartbeat(String id, int sensors, int resources, int collectors) {
        return joined.heartbeat(id, sensors, resources, collectors, clock.getAsLong());
    }

    /**
     * Marks a joined node down: its entities are shown failed, then those the policy moves get a new node (by the
     * placement policy, among the live nodes) and are deployed there by the next {@link Frontend#retry}, with every
     * collector from or to them.
     */
    private void markDown(String id, String why) {
        health.record(id, why, clock.getAsLong());
        LOG.warn("node {} ({}) is down: {}", id, nodes.url(id), why);
        List<String> moved = new ArrayList<>();
        for (Entity e : store.all()) {
            if (!id.equals(deployer.placement(e))) {
                continue;
            }
            boolean movable = !e.isLink() && (redeploy == Redeploy.ALL || redeploy == Redeploy.PLACED && e.placed);
            String to = movable ? (leastLoaded ? leastLoadedNode(e.kind, id) : NodeRegistry.LOCAL) : null;
            if (to == null || to.equals(id)) {
                recordState.accept(e, Deployer.Result.failed("node " + id + " is down: " + why));
                continue;
            }
            Entity c = e.copy();
            c.attributes.put(Model.NODE, to);
            c.state = "pending";
            c.reason = "moved from node " + id + " (down: " + why + ") to " + to;
            save(c);
            moved.add(c.id);
            LOG.warn("{} moves from node {} to {}", c.id, id, to);
        }
        for (Entity e : store.all()) {
            if (e.isLink() && (moved.contains(e.source) || moved.contains(e.target))) {
                Entity c = e.copy();
                c.state = "pending";
                c.reason = "re-deploying: " + (moved.contains(e.source) ? e.source : e.target) + " moved from node "
                        + id;
                save(c);
            }
        }
    }

    /**
     * Removes from each node that (re)joined the sensors and resources it still runs but the front end has placed
     * elsewhere since (moved while it was down): a node restarted on its data folder brings them back, and its old
     * collectors would compete with the moved ones. Entities the front end does not know are left alone. A node that
     * does not answer is tried again at the next round.
     */
    private void reconcile() {
        for (String id : new ArrayList<>(toReconcile)) {
            try {
                for (String sensor : listed(id, "/sensor/", "sensors")) {
                    stale(id, sensor, Model.SENSOR, "/sensor/" + sensor + "/");
                }
                for (String resource : listed(id, "/resource/", "resources")) {
                    stale(id, resource, Model.COMPUTE, "/resource/" + resource + "/");
                }
                toReconcile.remove(id);
            } catch (IOException | RuntimeException ex) {
                LOG.debug("cannot reconcile node {} yet: {}", id, ex.getMessage());
            }
        }
    }

    private void stale(String node, String id, String kind, String path) throws IOException {
        Entity e = store.get(id);
        if (e == null || !kind.equals(e.kind) || node.equals(e.node())) {
            return;
        }
        NodeClient.Reply r = client.send("DELETE", java.net.URI.create(nodes.url(node) + path), null);
        if (!r.ok() && r.status != 404) {
            throw new IOException("DELETE " + path + " answered " + r.status);
        }
        LOG.info("removed {} from node {}: it runs on {} since the node was down", id, node, e.node());
    }

    private List<String> listed(String node, String path, String field) throws IOException {
        NodeClient.Reply r = client.send("GET", java.net.URI.create(nodes.url(node) + path), null);
        if (!r.ok()) {
            throw new IOException("GET " + path + " answered " + r.status);
        }
        com.fasterxml.jackson.databind.JsonNode listing = JSON.readTree(r.body);
        com.fasterxml.jackson.databind.JsonNode array = listing.isArray() ? listing : listing.path(field);
        List<String> ids = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : array) {
            String id = n.isTextual() ? n.asText() : n.path("id").asText("");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private void save(Entity e) {
        try {
            store.put(e);
        } catch (IOException ex) {
            LOG.error("cannot store {}: {}", e.id, ex.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
