package org.rocmon.sensor.internal.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rocmon.http.Problem;

/** How a propagated command orders the sensor and its children, and what a child's failure does to the sensor. */
public enum Policy {
    /** Composite Probes: the children first; the sensor takes the command only if every child succeeded. */
    CHILDREN_FIRST,
    /** The sensor takes the command at once, then the children (Rocmon's behaviour before commands had ids). */
    PARENT_FIRST,
    /** The children first, then the sensor whatever they answered; a failure below still fails the command. */
    BEST_EFFORT;

    /** @return the name used on the wire ({@code ?policy=children-first}) */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the valid wire names */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Policy p : values()) {
            n.add(p.wire());
        }
        return n;
    }

    /** @return the policy, CHILDREN_FIRST when absent; 400 naming the valid ones */
    public static Policy parse(String s) throws Problem {
        if (s == null || s.isBlank()) {
            return CHILDREN_FIRST;
        }
        for (Policy p : values()) {
            if (p.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw Problem.badRequest("unknown policy '" + (s.length() > 32 ? s.substring(0, 32) + "..." : s)
                + "'; valid policies: " + String.join(", ", names()), "policy").with("available", names());
    }
}
