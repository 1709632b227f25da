package org.rocmon.sensor.internal.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One control command as a sensor took it: its id, the children it was propagated to and what each answered, whether
 * the sensor itself applied it and the outcome ({@code pending}, {@code succeeded}, {@code failed}). A caller waits
 * for the outcome with {@link #await(long)} (the {@code wait} of the HTTP API) instead of polling.
 */
public final class ControlRecord {

    /** The outcome of a command. */
    public enum Status {
        PENDING, SUCCEEDED, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String id;
    private final String sensor;
    private final ControlAction action;
    private final boolean propagate;
    private final Policy policy;
    private final long at;
    private final List<Map<String, Object>> propagated = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ControlRecord> done = new CompletableFuture<>();
    private int pending;
    private volatile Status status = Status.PENDING;
    private volatile boolean applied;
    private volatile String detail;
    private volatile long finished;

    public ControlRecord(String id, String sensor, ControlAction action, boolean propagate, Policy policy, long at) {
        this.id = id;
        this.sensor = sensor;
        this.action = action;
        this.propagate = propagate;
        this.policy = policy;
        this.at = at;
    }

    /** A record without propagation, for tests and restored state. */
    public ControlRecord(ControlAction action, boolean propagate, long at) {
        this(newId(), null, action, propagate, Policy.CHILDREN_FIRST, at);
    }

    /** @return a fresh command id */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public String id() {
        return id;
    }

    public String sensor() {
        return sensor;
    }

    public ControlAction action() {
        return action;
    }

    public boolean propagate() {
        return propagate;
    }

    public Policy policy() {
        return policy;
    }

    public Status status() {
        return status;
    }

    public boolean applied() {
        return applied;
    }

    public synchronized void expect(int n) {
        pending += n;
    }

    /**
     * A child answered (or could not be reached: status 0).
     *
     * @param ok whether the child (and its own sub-graph) took the command
     * @param outcome the child's command status when it answered with a record, else null
     * @param error why it failed, null when ok
     */
    public synchronized void child(String target, int httpStatus, boolean ok, String outcome, String error) {
        child(target, httpStatus, ok, outcome, false, error);
    }

    /** @param duplicate whether the child had already taken the command through another parent (a DAG) */
    public synchronized void child(String target, int httpStatus, boolean ok, String outcome, boolean duplicate,
            String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        if (httpStatus > 0) {
            m.put("status", httpStatus);
        }
        if (outcome != null) {
            m.put("outcome", outcome);
        }
        if (duplicate) {
            m.put("duplicate", true);
        }
        if (!ok) {
            m.put("error", error == null ? "failed" : error);
        }
        propagated.add(m);
        pending--;
    }

    /** The sensor itself took the command. */
    public void markApplied() {
        applied = true;
    }

    /** Ends the command; callers waiting on it are released. */
    public void finish(Status outcome, String why) {
        this.detail = why;
        this.finished = System.currentTimeMillis();
        this.status = outcome;
        done.complete(this);
    }

    /** @return whether the command has an outcome */
    public boolean isDone() {
        return done.isDone();
    }

    /** Waits at most that long for the outcome; returns at once when it is there. */
    public ControlRecord await(long millis) {
        if (millis <= 0) {
            return this;
        }
        try {
            done.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still pending: the caller sees it
        }
        return this;
    }

    /** @return whether some child refused or could not be reached */
    public boolean hasFailures() {
        for (Map<String, Object> m : propagated) {
            if (m.containsKey("error")) {
                return true;
            }
        }
        return false;
    }

    /** @return the targets of the children that failed */
    public List<String> failedChildren() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : propagated) {
            if (m.containsKey("error")) {
                out.add(String.valueOf(m.get("target")));
            }
        }
        return out;
    }

    /**
     * @return {"command","requested","propagate","policy","at","status","applied","detail","finished","pending",
     *         "propagated":[{"target","status","outcome","error"}],"failures","failed":[targets]}
     */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", id);
        if (sensor != null) {
            m.put("sensor", sensor);
        }
        m.put("requested", action.wire());
        m.put("propagate", propagate);
        if (propagate) {
            m.put("policy", policy.wire());
        }
        m.put("at", at);
        m.put("status", status.wire());
        m.put("applied", applied);
        if (detail != null) {
            m.put("detail", detail);
        }
        if (finished > 0) {
            m.put("finished", finished);
        }
        if (propagate) {
            m.put("pending", Math.max(0, pending));
            m.put("propagated", new ArrayList<>(propagated));
            m.put("failures", hasFailures());
            m.put("failed", failedChildren());
        }
        return m;
    }
}
