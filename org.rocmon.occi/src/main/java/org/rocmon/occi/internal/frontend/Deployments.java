package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.Deployer;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.store.EntityStore;

/**
 * The front end's side that talks to nodes: deploys a validated change (undeploying it from where it was), undeploys
 * what is deleted, retries what is not deployed, sends control actions, relays reads, and records in the store what
 * each step did. It owns the {@link Deployer} and the {@link NodeFleet}. Called by {@link Frontend} under its lock,
 * which has already checked the caller's right and the entity.
 */
final class Deployments {

    // The front end's logger, so that its log lines keep the name they have always had.
    private static final Logger LOG = LoggerFactory.getLogger(Frontend.class);

    private final EntityStore store;
    private final Deployer deployer;
    private final NodeFleet fleet;

    Deployments(NodeRegistry nodes, NodeClient client, EntityStore store, LongSupplier clock) {
        this.store = store;
        this.deployer = new Deployer(nodes, client, store::get, store::all, this::recordState);
        this.fleet = new NodeFleet(nodes, store, deployer, client, clock, this::recordState);
    }

    NodeFleet fleet() {
        return fleet;
    }

    /**
     * Deploys a checked entity where it belongs (after undeploying {@code old} if it moved) and stores it with the
     * state the node gave it.
     *
     * @param old the entity as stored, or null for a new one
     * @throws Problem 400 if the node refused it (nothing is stored then), 503 if the store cannot be written
     */
    Entity deploy(Entity old, Entity e) throws Problem {
        if (old != null && moved(old, e)) {
            Deployer.Result r = deployer.undeploy(old);
            if (r.outcome != Deployer.Outcome.DEPLOYED) {
                LOG.warn("could not undeploy {} from its previous place: {}", old.id, r.reason);
            }
        }
        Deployer.Result r = deployer.deploy(e);
        if (r.outcome == Deployer.Outcome.REFUSED) {
            if (old == null) {
                // Take back what deploying it may have done (a collector's admission on its sensor).
                deployer.undeploy(e);
            }
            throw Problem.badRequest("the node refused it: " + r.reason, r.attribute);
        }
        e.state = r.state();
        e.reason = r.reason;
        save(e);
        return e;
    }

    /** Removes a stored entity and undeploys it; a node that cannot be reached only gets a warning. */
    void remove(Entity e) throws Problem {
        try {
            store.remove(e.id);
        } catch (IOException ex) {
            LOG.error("cannot delete the stored {}: {}", e.id, ex.getMessage());
            throw Problem.of(503, "cannot update the entity store");
        }
        Deployer.Result r = deployer.undeploy(e);
        if (r.outcome != Deployer.Outcome.DEPLOYED) {
            LOG.warn("deleted {} but could not undeploy it: {}", e.id, r.reason);
        }
    }

    /** Deploys every entity that is not deployed: resources first, so collectors find their sensors. */
    void retry() {
        for (int pass = 0; pass < 2; pass++) {
            for (Entity e : store.all()) {
                if (e.isLink() == (pass == 1) && !"deployed".equals(e.state)) {
                    Entity current = store.get(e.id);
                    if (current == null || "deployed".equals(current.state)) {
                        continue;
                    }
                    String node = deployer.placement(current);
                    if (fleet.down(node)) {
                        // No call to a node known to be down: its probe says when to try again.
                        recordState(current, Deployer.Result.failed(fleet.downReason(node)));
                    } else {
                        recordState(current, deployer.deploy(current));
                    }
                }
            }
        }
    }

    /** Sends a control action to the node that runs a deployed entity and stores the state it asked for. */
    Entity control(Entity e, String action, boolean propagate, String policy) throws Problem {
        Deployer.Result r = deployer.control(e, action, propagate, policy);
        if (r.outcome == Deployer.Outcome.REFUSED) {
            throw Problem.badRequest("the node refused the action: " + r.reason, "action");
        }
        if (r.outcome != Deployer.Outcome.DEPLOYED) {
            throw new Problem(502, "the action did not reach the node: " + r.reason, Model.NODE);
        }
        Entity c = e.copy();
        c.control = Frontend.controlState(action);
        save(c);
        return c;
    }

    /** @return the node's answer to a GET of {@code path} on the node that runs the entity */
    NodeClient.Reply relay(Entity e, String path) throws Problem {
        String node = deployer.placement(e);
        if (node == null) {
            throw new Problem(409, "the source of " + e.id + " is gone", "occi.core.source");
        }
        try {
            return deployer.get(node, path);
        } catch (IOException ex) {
            throw new Problem(502, "node " + node + " did not answer: " + ex.getMessage(), Model.NODE);
        }
    }

    /** @return the node path showing the entity's status, or {@code null} */
    String statusPath(Entity e) {
        return deployer.statusPath(e);
    }

    /** Shows everything the store holds pending, for {@link #retry} to deploy again. */
    void markRestarted() {
        for (Entity e : store.all()) {
            Entity c = e.copy();
            c.state = "pending";
            c.reason = "re-deploying after a restart of the front end";
            try {
                store.put(c);
            } catch (IOException ex) {
                LOG.error("cannot store {}: {}", c.id, ex.getMessage());
            }
        }
    }

    private static boolean moved(Entity old, Entity e) {
        if (old.isLink()) {
            return !Objects.equals(old.source, e.source) || !Objects.equals(old.target, e.target);
        }
        return !old.node().equals(e.node());
    }

    private void save(Entity e) throws Problem {
        try {
            store.put(e);
        } catch (IOException ex) {
            LOG.error("cannot store {}: {}", e.id, ex.getMessage());
            throw Problem.of(503, "cannot update the entity store");
        }
    }

    /** Records the state of a stored entity after a deployment step, writing only on change. */
    private void recordState(Entity e, Deployer.Result r) {
        Entity current = store.get(e.id);
        if (current == null) {
            return;
        }
        String reason = r.reason;
        if (Objects.equals(current.state, r.state()) && Objects.equals(current.reason, reason)) {
            return;
        }
        Entity c = current.copy();
        c.state = r.state();
        c.reason = reason;
        if (r.outcome != Deployer.Outcome.DEPLOYED) {
            LOG.info("{} is {}: {}", c.id, c.state, reason);
        } else if (c.control != null && !"running".equals(c.control) && !"deployed".equals(current.state)) {
            // Deployed again (a node came back, maybe without its data): ask for the stopped/paused state again.
            Deployer.Result again = deployer.control(c, "stopped".equals(c.control) ? "stop" : "pause", false);
            if (again.outcome != Deployer.Outcome.DEPLOYED) {
                LOG.warn("could not {} {} again after re-deploying it: {}", c.control, c.id, again.reason);
            }
        }
        try {
            store.put(c);
        } catch (IOException ex) {
            LOG.error("cannot store {}: {}", c.id, ex.getMessage());
        }
    }
}
