package org.rocmon.occi.internal.frontend.deploy;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/**
 * Turns entities into calls on runtime nodes: a sensor is the sensor {@code POST} of Table 1 with the collectors
 * that target it in its {@code links} (their admission); a collector from a compute resource is the resource
 * {@code POST /resource/{compute}/collector/{id}} of Table 2 on the compute's node, aimed at the sensor's WebSocket
 * URL; a sensor-to-sensor collector is {@code POST /sensor/{source}/collector/{id}} on the source sensor's node.
 * Not thread-safe: the front end calls it under its lock.
 */
public final class Deployer {

    /** How a deployment went. */
    public enum Outcome {
        /** The node took it. */
        DEPLOYED,
        /** The node answered 4xx: the description is wrong for it; retrying will not help. */
        REFUSED,
        /** The node is down, slow or broken; retried later. */
        FAILED,
        /** Waiting for another entity (the target sensor) to be deployed first. */
        PENDING
    }

    /** The result of one deployment step. */
    public static final class Result {
        public final Outcome outcome;
        public final String reason;
        /** For {@link Outcome#REFUSED}: the attribute the node named, or {@code null}. */
        public final String attribute;

        Result(Outcome outcome, String reason, String attribute) {
            this.outcome = outcome;
            this.reason = reason;
            this.attribute = attribute;
        }

        static Result deployed() {
            return new Result(Outcome.DEPLOYED, null, null);
        }

        /** @return a failure that is retried later, e.g. because the entity's node is down */
        public static Result failed(String reason) {
            return new Result(Outcome.FAILED, reason, null);
        }

        /** @return the entity state this result means */
        public String state() {
            switch (outcome) {
                case DEPLOYED:
                    return "deployed";
                case PENDING:
                    return "pending";
                default:
                    return "failed";
            }
        }
    }

    /** Where the deployer reports the state of entities it deploys on the way (a collector's target sensor). */
    public interface StateSink {
        void state(Entity e, Result r);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FRONT_END_ATTRIBUTES = Set.of(Model.NODE, Model.OWNER, Model.STATE,
            Model.REASON);

    private final NodeRegistry nodes;
    private final NodeClient client;
    private final Function<String, Entity> lookup;
    private final Supplier<List<Entity>> all;
    private final StateSink sink;

    public Deployer(NodeRegistry nodes, NodeClient client, Function<String, Entity> lookup,
            Supplier<List<Entity>> all, StateSink sink) {
        this.nodes = nodes;
        this.client = client;
        this.lookup = lookup;
        this.all = all;
        this.sink = sink;
    }

    /** Deploys (or re-deploys) an entity as it is now. */
    public Result deploy(Entity e) {
        if (Model.SENSOR.equals(e.kind)) {
            return postSensor(e, null, null);
        }
        if (Model.COMPUTE.equals(e.kind)) {
            return probeCompute(e);
        }
        return deployCollector(e);
    }

    /** Stops what an entity runs on its node; a node that is down is logged by the caller, never fatal. */
    public Result undeploy(Entity e) {
        if (Model.SENSOR.equals(e.kind)) {
            return delete(e.node(), "/sensor/" + e.id + "/");
        }
        if (Model.COMPUTE.equals(e.kind)) {
            return delete(e.node(), "/resource/" + e.id + "/");
        }
        Entity source = lookup.apply(e.source);
        Result r;
        if (source == null) {
            r = new Result(Outcome.FAILED, "source " + e.source + " is gone", null);
        } else if (Model.SENSOR.equals(source.kind)) {
            r = delete(source.node(), "/sensor/" + source.id + "/collector/" + e.id);
        } else {
            r = delete(source.node(), "/resource/" + source.id + "/collector/" + e.id);
        }
        Entity target = lookup.apply(e.target);
        if (target != null && Model.SENSOR.equals(target.kind)) {
            // Revoke the admission: the sensor's links no longer name this collector.
            sink.state(target, postSensor(target, null, e.id));
        }
        return r;
    }

    /**
     * Sends a control action to the node that runs the entity: {@code POST /sensor/{id}/?action=..&propagate=..}
     * for a sensor, {@code POST .../collector/{id}?action=..} on its source's node for a collector.
     */
    public Result control(Entity e, String action, boolean propagate) {
        return control(e, action, propagate, null);
    }

    /** @param policy the node's order of a propagated command, or null for its default (children first) */
    public Result control(Entity e, String action, boolean propagate, String policy) {
        if (Model.SENSOR.equals(e.kind)) {
            return call("POST", e.node(), "/sensor/" + e.id + "/?action=" + action + "&propagate=" + propagate
                    + (policy == null ? "" : "&policy=" + policy), null);
        }
        Entity source = lookup.apply(e.source);
        if (source == null) {
            return new Result(Outcome.FAILED, "source " + e.source + " is gone", null);
        }
        return call("POST", source.node(), nodePath(e, source) + "?action=" + action, null);
    }

    /** @return the node that runs an entity: its own for a sensor or compute, its source's for a collector */
    public String placement(Entity e) {
        if (!e.isLink()) {
            return e.node();
        }
        Entity source = lookup.apply(e.source);
        return source == null ? null : source.node();
    }

    /**
     * @return the node path that shows the entity's own status: the sensor, the resource collector, or for a
     *         sensor-to-sensor collector its source sensor (which lists it under its edges); {@code null} when the
     *         source is gone
     */
    public String statusPath(Entity e) {
        if (!e.isLink()) {
            return (Model.SENSOR.equals(e.kind) ? "/sensor/" : "/resource/") + e.id + "/";
        }
        Entity source = lookup.apply(e.source);
        if (source == null) {
            return null;
        }
        return Model.SENSOR.equals(source.kind) ? "/sensor/" + source.id + "/" : nodePath(e, source);
    }

    /** @return the node's answer to a GET of {@code path}, relayed as it is */
    public NodeClient.Reply get(String node, String path) throws IOException {
        String base = nodes.url(node);
        if (base == null) {
            throw new IOException("node " + node + " is not registered");
        }
        try {
            return client.send("GET", URI.create(base + path), null);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad node URL " + base + path);
        }
    }

    private static String nodePath(Entity collector, Entity source) {
        return (Model.SENSOR.equals(source.kind) ? "/sensor/" : "/resource/") + source.id + "/collector/"
                + collector.id;
    }

    private Result deployCollector(Entity c) {
        Entity source = lookup.apply(c.source);
        Entity target = lookup.apply(c.target);
        if (source == null || target == null) {
            return new Result(Outcome.PENDING, "source or target entity is missing", null);
        }
        Result admitted = postSensor(target, c.id, null);
        sink.state(target, admitted);
        if (admitted.outcome != Outcome.DEPLOYED) {
            return new Result(Outcome.PENDING, "target sensor " + target.id + " is not deployed: " + admitted.reason,
                    null);
        }
        String sensorUrl = nodes.url(target.node());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!Model.SENSOR.equals(source.kind)) {
            body.put("id", c.id);
        }
        body.put("kind", c.kind);
        if (!c.mixins.isEmpty()) {
            body.put("mixins", c.mixins);
        }
        body.put("attributes", nodeAttributes(c));
        body.put("source", source.id);
        body.put("target", ws(sensorUrl) + "/sensor/" + target.id + "/");
        if (Model.SENSOR.equals(source.kind)) {
            return call("POST", source.node(), "/sensor/" + source.id + "/collector/" + c.id, body);
        }
        return call("POST", source.node(), "/resource/" + source.id + "/collector/" + c.id, body);
    }

    /**
     * Posts a sensor with its admission list: the collectors that target it (and {@code plus}, one being deployed
     * now; without {@code minus}, one being removed) and the ids its own description listed.
     */
    private Result postSensor(Entity s, String plus, String minus) {
        Set<String> admit = new LinkedHashSet<>(s.admit);
        for (Entity other : all.get()) {
            if (other.isLink() && s.id.equals(other.target)) {
                admit.add(other.id);
            }
        }
        if (plus != null) {
            admit.add(plus);
        }
        if (minus != null) {
            admit.remove(minus);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", s.id);
        body.put("kind", s.kind);
        body.put("mixins", s.mixins);
        body.put("attributes", nodeAttributes(s));
        if (s.title != null) {
            body.put("title", s.title);
        }
        if (s.summary != null) {
            body.put("summary", s.summary);
        }
        body.put("links", new ArrayList<>(admit));
        return call("POST", s.node(), "/sensor/" + s.id + "/", body);
    }

    private Result probeCompute(Entity c) {
        String base = nodes.url(c.node());
        if (base == null) {
            return new Result(Outcome.FAILED, "node " + c.node() + " is not registered", null);
        }
        try {
            NodeClient.Reply r = client.send("GET", URI.create(base + "/resource/"), null);
            return r.ok() ? Result.deployed()
                    : new Result(Outcome.FAILED, "node " + c.node() + " answered " + r.status + " on /resource/", null);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(Outcome.FAILED, unreachable(c.node(), base, e), null);
        }
    }

    private Result delete(String node, String path) {
        return call("DELETE", node, path, null);
    }

    private Result call(String method, String node, String path, Object body) {
        String base = nodes.url(node);
        if (base == null) {
            return new Result(Outcome.FAILED, "node " + node + " is not registered", null);
        }
        NodeClient.Reply r;
        try {
            r = client.send(method, URI.create(base + path), body == null ? null : MAPPER.writeValueAsString(body));
        } catch (IOException | IllegalArgumentException e) {
            return new Result(Outcome.FAILED, unreachable(node, base, e), null);
        }
        if (r.ok() || ("DELETE".equals(method) && r.status == 404)) {
            return Result.deployed();
        }
        String error = r.detail();
        String attribute = error == null ? null : r.attribute();
        if (error == null) {
            error = r.body; // not a problem body: keep the text
        }
        String reason = "node " + node + " answered " + r.status + " to " + method + " " + path + ": "
                + (error.length() > 300 ? error.substring(0, 300) : error);
        boolean refused = r.status >= 400 && r.status < 500 && r.status != 404 && r.status != 408 && r.status != 429;
        return new Result(refused ? Outcome.REFUSED : Outcome.FAILED, reason, attribute);
    }

    private static String unreachable(String node, String base, Exception e) {
        String m = e.getMessage();
        return "node " + node + " (" + base + ") is unreachable: " + (m == null ? e.getClass().getSimpleName() : m);
    }

    private static Map<String, Object> nodeAttributes(Entity e) {
        Map<String, Object> a = new LinkedHashMap<>();
        e.attributes.forEach((k, v) -> {
            if (v != null && !FRONT_END_ATTRIBUTES.contains(k)) {
                a.put(k, v);
            }
        });
        return a;
    }

    static String ws(String httpUrl) {
        try {
            return NodeUrl.toWebSocket(java.net.URI.create(httpUrl)).toString();
        } catch (IllegalArgumentException e) {
            return httpUrl;
        }
    }
}
