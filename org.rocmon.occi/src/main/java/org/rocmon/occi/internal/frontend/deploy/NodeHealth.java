package org.rocmon.occi.internal.frontend.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the periodic probes ({@code GET <node>/sensor/}) found out about each node: up or down, when it last
 * answered and the last error. Written by the deployer thread, read by request threads.
 */
public final class NodeHealth {

    /** A change of a node's health seen by one probe. */
    public enum Change {
        NONE, UP, DOWN
    }

    private static final class Status {
        final boolean up;
        final Long lastSeen;
        final long lastProbe;
        final String lastError;

        Status(boolean up, Long lastSeen, long lastProbe, String lastError) {
            this.up = up;
            this.lastSeen = lastSeen;
            this.lastProbe = lastProbe;
            this.lastError = lastError;
        }
    }

    private final Map<String, Status> byNode = new ConcurrentHashMap<>();

    /**
     * Records one probe.
     *
     * @param error why the node did not answer well, or {@code null} when it did
     * @return whether the node came up or went down with it (the first probe of a node counts as a change)
     */
    public Change record(String node, String error, long now) {
        Status old = byNode.get(node);
        boolean up = error == null;
        Long lastSeen = up ? Long.valueOf(now) : old == null ? null : old.lastSeen;
        String lastError = up ? (old == null ? null : old.lastError) : error;
        byNode.put(node, new Status(up, lastSeen, now, lastError));
        if (old != null && old.up == up) {
            return Change.NONE;
        }
        return up ? Change.UP : Change.DOWN;
    }

    /** @return whether the last probe of the node failed (never probed is not down) */
    public boolean down(String node) {
        Status s = node == null ? null : byNode.get(node);
        return s != null && !s.up;
    }

    /** @return whether the last probe of the node succeeded */
    public boolean up(String node) {
        Status s = node == null ? null : byNode.get(node);
        return s != null && s.up;
    }

    /** @return the last error of a node that is down, or {@code null} */
    public String error(String node) {
        Status s = byNode.get(node);
        return s == null || s.up ? null : s.lastError;
    }

    public void forget(String node) {
        byNode.remove(node);
    }

    /** @return {@code health} (up, down or unknown), {@code lastSeen}, {@code lastProbe}, {@code lastError} */
    public Map<String, Object> view(String node) {
        Status s = byNode.get(node);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("health", s == null ? "unknown" : s.up ? "up" : "down");
        if (s != null) {
            if (s.lastSeen != null) {
                v.put("lastSeen", s.lastSeen);
            }
            v.put("lastProbe", s.lastProbe);
            if (s.lastError != null) {
                v.put("lastError", s.lastError);
            }
        }
        return v;
    }
}
