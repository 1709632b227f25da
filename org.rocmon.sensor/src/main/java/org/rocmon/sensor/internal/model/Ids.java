package org.rocmon.sensor.internal.model;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.http.Problem;

/** Entity ids of the sensor API: the shared rule ({@link EntityIds}) and the refusal that names the attribute. */
public final class Ids {

    private Ids() {
    }

    public static boolean valid(String id) {
        return EntityIds.valid(id);
    }

    /** @return the id, for building file names; only for ids validated earlier */
    public static String check0(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("invalid id");
        }
        return id;
    }

    /** @throws Problem naming the attribute when the id is not valid */
    public static String check(String id, String attribute) throws Problem {
        if (!valid(id)) {
            throw Problem.badRequest(attribute + " must match " + EntityIds.PATTERN + " (not . or ..), not \""
                    + (id == null ? "" : id.length() > 140 ? id.substring(0, 140) + "..." : id) + "\"", attribute);
        }
        return id;
    }
}
