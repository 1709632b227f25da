package org.rocmon.occi.internal.frontend.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored OCCI entity (sensor, collector or compute) with its deployment state. Public fields so that the
 * store reads and writes it with Jackson; callers copy before they change a stored one.
 */
public final class Entity {
    public String id;
    public String kind;
    public List<String> mixins = new ArrayList<>();
    /** User attributes, flat dotted names; front-end attributes (rocmon.state...) are kept in fields instead. */
    public Map<String, Object> attributes = new LinkedHashMap<>();
    public String title;
    public String summary;
    /** Links only: source and target entity ids. */
    public String source;
    public String target;
    /** Sensors only: collector ids admitted besides the collectors that target it. */
    public List<String> admit = new ArrayList<>();
    public String owner = "anonymous";
    /** {@code deployed}, {@code pending} or {@code failed}. */
    public String state = "pending";
    public String reason;
    /** State asked for by the last control action (running, stopped, paused), or {@code null} if none was. */
    public String control;
    /**
     * Sensors and computes: the front end chose {@code rocmon.node} (placement), so it may move the entity when that
     * node is marked down; {@code false} when the user named the node.
     */
    public boolean placed;

    /** @return a deep enough copy to change without touching this one */
    public Entity copy() {
        Entity e = new Entity();
        e.id = id;
        e.kind = kind;
        e.mixins = new ArrayList<>(mixins);
        e.attributes = new LinkedHashMap<>(attributes);
        e.title = title;
        e.summary = summary;
        e.source = source;
        e.target = target;
        e.admit = new ArrayList<>(admit);
        e.owner = owner;
        e.state = state;
        e.reason = reason;
        e.control = control;
        e.placed = placed;
        return e;
    }

    /** @return the node id it names, {@code local} by default */
    public String node() {
        Object n = attributes.get(Model.NODE);
        return n == null || n.toString().isBlank() ? "local" : n.toString().trim();
    }

    /** @return whether it is a link (a collector) */
    public boolean isLink() {
        return Model.COLLECTOR.equals(kind);
    }
}
