package org.rocmon.occi.internal.frontend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.model.Refs;
import org.rocmon.occi.internal.frontend.model.SensorGraph;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.occi.internal.frontend.model.Validator;
import org.rocmon.occi.internal.frontend.render.Views;
import org.rocmon.occi.internal.frontend.store.EntityStore;

/**
 * The front end's behaviour behind the HTTP layer: validates, stores and deploys entities, cascades deletes, and
 * retries what is not deployed. Changes are serialized on this object (they are rare and each talks to nodes);
 * reads go to the store, which is safe to read concurrently. What talks to nodes (deploying, undeploying, control
 * actions, recording their outcome) is in {@link Deployments}; the nodes themselves are in {@link NodeFleet}.
 */
public final class Frontend implements Views.Lookup {

    private final Model model;
    private final EntityStore store;
    private final NodeRegistry nodes;
    private final Validator validator;
    private final Deployments deployments;
    private final NodeFleet fleet;
    private final java.util.function.LongSupplier clock;
    private volatile java.util.function.BiPredicate<String, Integer> userDestinations = (host, port) -> false;

    /** The outcome of a PUT. */
    public static final class Saved {
        public final Entity entity;
        public final boolean created;

        Saved(Entity entity, boolean created) {
            this.entity = entity;
            this.created = created;
        }
    }

    /**
     * One caller's right to a change, checked under the front end's lock before validation, so that two requests
     * cannot both pass a limit ({@link Ownership}).
     */
    @FunctionalInterface
    public interface Admission {
        /** Admits everything: a caller inside the node. */
        Admission ANY = (old, e) -> { };

        /**
         * @param old the entity as stored, or null for a new one
         * @param e the entity as it would be
         * @throws Problem if the caller may not make the change
         */
        void admit(Entity old, Entity e) throws Problem;
    }

    public Frontend(Model model, EntityStore store, NodeRegistry nodes, NodeClient client,
            java.util.function.LongSupplier clock) {
        this.model = model;
        this.store = store;
        this.nodes = nodes;
        this.validator = new Validator(model, store::get, nodes::known, clock);
        this.deployments = new Deployments(nodes, client, store, clock);
        this.fleet = deployments.fleet();
        this.clock = clock;
    }

    /** @param files where mixins may write: path attributes outside are refused (400) before any node is asked */
    public void confineFiles(org.rocmon.api.attributes.FileArea files) {
        validator.confineFiles(files);
    }

    /** @param policy where users' publishers may send (host, port): NGSI callbacks follow it too */
    public void userDestinations(java.util.function.BiPredicate<String, Integer> policy) {
        userDestinations = policy;
    }

    /** @return whether users' publishers may send to that host and port */
    public boolean userMayReach(String host, int port) {
        return userDestinations.test(host, port);
    }

    /** Places new sensors and computes that name no node on the least-loaded healthy node instead of {@code local}. */
    public void placeOnLeastLoaded(boolean on) {
        fleet.configure(fleet.graceMillis(), NodeFleet.Redeploy.PLACED, on, true);
    }

    /**
     * @param graceMillis how long a joined node may stay silent before it is marked down
     * @param redeploy {@code placed}, {@code all} or {@code none}: what moves off a joined node marked down
     * @param placement {@code local} or {@code least-loaded}
     * @param placeLocally whether the least-loaded placement may choose {@code local}
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public void configureNodes(long graceMillis, String redeploy, String placement, boolean placeLocally) {
        NodeFleet.check(graceMillis, redeploy, placement);
        fleet.configure(graceMillis, NodeFleet.Redeploy.of(redeploy), placement.trim().equals("least-loaded"),
                placeLocally);
    }


    public Model model() {
        return model;
    }

    public NodeRegistry nodes() {
        return nodes;
    }

    @Override
    public Entity get(String id) {
        return store.get(id);
    }

    @Override
    public List<Entity> linksOf(String id) {
        List<Entity> out = new ArrayList<>();
        for (Entity e : store.all()) {
            if (e.isLink() && (id.equals(e.source) || id.equals(e.target))) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return every entity, sorted by id */
    public List<Entity> all() {
        return store.all();
    }

    /** @return a fresh id for an entity created by POST on a collection */
    public String newId() {
        return UUID.randomUUID().toString();
    }

    /** Creates or replaces an entity (PUT). */
    public Saved put(String kind, String id, Submission s, String user) throws Problem {
        return put(kind, id, s, user, Admission.ANY);
    }

    /** Creates or replaces an entity (PUT), if the admission lets the caller. */
    public synchronized Saved put(String kind, String id, Submission s, String user, Admission admission)
            throws Problem {
        if (s.id != null && !s.id.equals(id)) {
            throw Problem.badRequest("the id in the body (" + s.id + ") differs from the path (" + id + ")",
                    "occi.core.id");
        }
        if (s.kind != null && !s.kind.equals(kind)) {
            throw Problem.badRequest("kind " + s.kind + " does not belong in " + Model.PREFIX + "/"
                    + Model.segment(kind) + "/; expected " + kind, "kind");
        }
        Entity old = store.get(id);
        if (old != null && !old.kind.equals(kind)) {
            throw new Problem(409, "id " + id + " is already used by a " + Model.segment(old.kind),
                    "occi.core.id");
        }
        Entity e = new Entity();
        e.id = id;
        e.kind = kind;
        e.mixins = s.mixins == null ? new ArrayList<>() : new ArrayList<>(s.mixins);
        s.attributes.forEach((k, v) -> {
            if (v != null) {
                e.attributes.put(k, v);
            }
        });
        stripReadOnly(e);
        e.title = s.title;
        e.summary = s.summary;
        e.source = end(s.source, "occi.core.source");
        e.target = end(s.target, "occi.core.target");
        e.admit = s.links == null ? new ArrayList<>() : new ArrayList<>(s.links);
        e.owner = old != null ? old.owner : user;
        boolean placeable = Model.SENSOR.equals(kind) || Model.COMPUTE.equals(kind);
        if (placeable && old != null && old.placed
                && (!e.attributes.containsKey(Model.NODE) || old.node().equals(e.node()))) {
            // A replaced entity the placement put somewhere stays there, and may still move if its node goes down.
            e.attributes.put(Model.NODE, old.node());
            e.placed = true;
        } else if (placeable && old == null && fleet.leastLoaded() && !e.attributes.containsKey(Model.NODE)) {
            // Stored explicitly, so that the entity stays where it was placed when the load changes.
            e.attributes.put(Model.NODE, fleet.place(kind));
            e.placed = true;
        }
        // A replaced entity keeps the state its last control action asked for (the node keeps it too).
        e.control = old != null ? old.control : null;
        return new Saved(apply(old, e, s.attributes.keySet(), admission), old == null);
    }

    /** Partial update (POST on an entity): given attributes replace, null ones are removed, mixins are added. */
    public Entity update(String id, Submission s) throws Problem {
        return update(id, s, Admission.ANY);
    }

    /** Partial update (POST on an entity), if the admission lets the caller. */
    public synchronized Entity update(String id, Submission s, Admission admission) throws Problem {
        Entity old = require(id);
        if (s.id != null && !s.id.equals(id)) {
            throw Problem.badRequest("the id in the body (" + s.id + ") differs from the path (" + id + ")",
                    "occi.core.id");
        }
        if (s.kind != null && !s.kind.equals(old.kind)) {
            throw Problem.badRequest("the kind of an entity cannot change (it is " + old.kind + ")", "kind");
        }
        Entity e = old.copy();
        if (s.attributes.containsKey(Model.NODE)) {
            e.placed = false; // the user names (or clears) the node: it stays on it
        }
        if (s.mixins != null) {
            Set<String> union = new LinkedHashSet<>(e.mixins);
            union.addAll(s.mixins);
            e.mixins = new ArrayList<>(union);
        }
        s.attributes.forEach((k, v) -> {
            if (v == null) {
                e.attributes.remove(k);
            } else {
                e.attributes.put(k, v);
            }
        });
        stripReadOnly(e);
        if (s.title != null) {
            e.title = s.title;
        }
        if (s.summary != null) {
            e.summary = s.summary;
        }
        if (s.source != null) {
            e.source = end(s.source, "occi.core.source");
        }
        if (s.target != null) {
            e.target = end(s.target, "occi.core.target");
        }
        if (s.links != null) {
            e.admit = new ArrayList<>(s.links);
        }
        return apply(old, e, s.attributes.keySet(), admission);
    }

    /** Adds ({@code add}) or removes a mixin on each of the entities; all are checked before any changes. */
    public void mixin(String mixin, List<String> locations, boolean add) throws Problem {
        mixin(mixin, locations, add, Admission.ANY);
    }

    /** Adds or removes a mixin on each of the entities, if the admission lets the caller change every one. */
    public synchronized void mixin(String mixin, List<String> locations, boolean add, Admission admission)
            throws Problem {
        List<Entity[]> changes = new ArrayList<>();
        for (String l : locations) {
            Entity old = store.get(Refs.id(l));
            if (old == null) {
                throw new Problem(404, "no entity at " + l, "locations");
            }
            Entity e = old.copy();
            if (add && !e.mixins.contains(mixin)) {
                e.mixins.add(mixin);
            } else if (!add) {
                e.mixins.remove(mixin);
            }
            admission.admit(old, e);
            validator.check(e, Set.of());
            changes.add(new Entity[] {old, e});
        }
        for (Entity[] c : changes) {
            apply(c[0], c[1], Set.of(), Admission.ANY);
        }
    }

    private Entity apply(Entity old, Entity e, Set<String> given, Admission admission) throws Problem {
        // Secrets are write-only: a change that omits one (or sends back the mask it was shown) keeps the stored one.
        e.attributes = new java.util.LinkedHashMap<>(org.rocmon.api.attributes.Secrets.kept(e.attributes,
                old == null ? null : old.attributes, model.secrets(e.mixins)));
        admission.admit(old, e);
        validator.check(e, given);
        if (e.isLink()) {
            List<String> cycle = SensorGraph.cycle(e, store.all(), store::get);
            if (cycle != null) {
                throw Problem.badRequest("collector " + e.id + " would close a cycle of sensor-to-sensor collectors: "
                        + String.join(" -> ", cycle), "occi.core.target").with("cycle", cycle);
            }
        }
        return deployments.deploy(old, e);
    }

    /** Deletes an entity and, for a resource, the collectors in its scope (those it is the source or target of). */
    public synchronized void delete(String id) throws Problem {
        Entity e = require(id);
        if (!e.isLink()) {
            for (Entity link : linksOf(id)) {
                deployments.remove(link);
            }
        }
        deployments.remove(e);
    }

    /** Deploys every entity that is not deployed: resources first, so collectors find their sensors. */
    public synchronized void retry() {
        deployments.retry();
    }

    /**
     * Probes every node ({@code GET <url>/sensor/}); the entities on a node that is down are shown failed, and
     * {@link #retry} deploys them again once a probe finds the node up.
     */
    public synchronized void probe() {
        fleet.probe();
    }

    /**
     * A node announces itself; returns whether it is new here. The deployer thread's next round deploys what it should
     * run and removes what moved away from it (the join answers at once).
     */
    public synchronized boolean join(String id, org.rocmon.occi.internal.frontend.deploy.JoinedNodes.Report report)
            throws Problem {
        return fleet.join(id, report);
    }

    /** A heartbeat of a joined node with its load; not under the lock (a deployment round may take a while). */
    public org.rocmon.occi.internal.frontend.deploy.JoinedNodes.Beat heartbeat(String id, int sensors,
            int resources, int collectors) {
        return fleet.heartbeat(id, sensors, resources, collectors);
    }

    /** @return how long a joined node may stay silent, ms */
    public long joinGraceMillis() {
        return fleet.graceMillis();
    }

    /** @return each node with where it comes from, its health and how many entities it runs */
    public java.util.Map<String, java.util.Map<String, Object>> nodeViews() {
        return fleet.views();
    }

    /** Registers or replaces a node; returns whether it is new. */
    public synchronized boolean putNode(String id, String url) throws Problem {
        return fleet.put(id, url);
    }

    /** Removes a node registered through the API; refused while it runs entities. */
    public synchronized void deleteNode(String id) throws Problem {
        fleet.delete(id);
    }

    /** The control actions and the states they ask for. */
    public static String controlState(String action) {
        switch (action) {
            case "stop":
            case "init":
                return "stopped";
            case "pause":
                return "paused";
            default:
                return "running";
        }
    }

    /**
     * Sends a control action to the node that runs a sensor or collector and records the state it asked for as
     * {@code rocmon.control}; the node answers at once and carries a propagated command down on its own.
     */
    public synchronized Entity control(String id, String action, boolean propagate) throws Problem {
        return control(id, action, propagate, null);
    }

    /** @param policy the order of a propagated command on the node (children-first when null) */
    public synchronized Entity control(String id, String action, boolean propagate, String policy) throws Problem {
        Entity e = require(id);
        if (!"deployed".equals(e.state)) {
            throw new Problem(409, e.id + " is " + e.state + (e.reason == null ? "" : " (" + e.reason + ")")
                    + "; an action needs a deployed entity", Model.STATE);
        }
        return deployments.control(e, action, propagate, policy);
    }

    /** @return the node's answer to a GET of {@code path} on the node that runs the entity */
    public NodeClient.Reply relay(Entity e, String path) throws Problem {
        return deployments.relay(e, path);
    }

    /** @return the node path showing the entity's status, or {@code null} */
    public String statusPath(Entity e) {
        return deployments.statusPath(e);
    }

    /**
     * After a start, before the first request: everything the store holds is shown pending, since the nodes may
     * have lost it (a stored "deployed" is from before the restart and unverified); {@link #retry} deploys it.
     */
    public synchronized void markRestarted() {
        deployments.markRestarted();
    }

    private Entity require(String id) throws Problem {
        Entity e = store.get(id);
        if (e == null) {
            throw Problem.of(404, "no entity " + id);
        }
        return e;
    }

    private String end(String ref, String attribute) throws Problem {
        if (ref == null) {
            return null;
        }
        String id = Refs.id(ref);
        if (id == null || id.isEmpty()) {
            throw Problem.badRequest(attribute + " is empty", attribute);
        }
        String kind = Refs.kindOfPath(ref);
        Entity other = store.get(id);
        if (kind != null && other != null && !kind.equals(other.kind)) {
            throw Problem.badRequest(ref + " names a " + Model.segment(kind) + " but " + id + " is a "
                    + Model.segment(other.kind), attribute);
        }
        return id;
    }

    private static void stripReadOnly(Entity e) {
        e.attributes.remove(Model.OWNER);
        e.attributes.remove(Model.STATE);
        e.attributes.remove(Model.REASON);
        e.attributes.remove(Model.CONTROL);
        e.attributes.remove(Model.COLLECTORS);
    }
}
