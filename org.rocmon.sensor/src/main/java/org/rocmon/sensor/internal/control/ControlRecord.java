package org.rocmon.sensor.internal.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The last control command an entity took and what became of it below: one entry per child it was propagated to,
 * filled in as the children answer, so a failure below shows in the parent's GET instead of being hidden.
 */
public final class ControlRecord {

    private final ControlAction action;
    private final boolean propagate;
    private final long at;
    private final List<Map<String, Object>> propagated = new CopyOnWriteArrayList<>();
    private volatile int pending;

    public ControlRecord(ControlAction action, boolean propagate, long at) {
        this.action = action;
        this.propagate = propagate;
        this.at = at;
    }

    public ControlAction action() {
        return action;
    }

    public boolean propagate() {
        return propagate;
    }

    public synchronized void expect(int n) {
        pending += n;
    }

    /** A child took the command with that HTTP status (an error body is kept when it refused it). */
    public synchronized void answered(String target, int status, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("status", status);
        if (error != null) {
            m.put("error", error);
        }
        propagated.add(m);
        pending--;
    }

    /** A child could not be reached. */
    public synchronized void failed(String target, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("error", error);
        propagated.add(m);
        pending--;
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

    /** @return {"requested","propagate","at","pending","propagated":[...]} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", action.wire());
        m.put("propagate", propagate);
        m.put("at", at);
        if (propagate) {
            m.put("pending", Math.max(0, pending));
            m.put("propagated", new ArrayList<>(propagated));
            m.put("failures", hasFailures());
        }
        return m;
    }
}
