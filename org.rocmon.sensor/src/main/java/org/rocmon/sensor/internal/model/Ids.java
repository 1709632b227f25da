package org.rocmon.sensor.internal.model;

import java.util.regex.Pattern;
import org.rocmon.http.Problem;

/** Entity ids: what may appear in a path segment and a file name. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches() && !".".equals(id) && !"..".equals(id);
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
            throw Problem.badRequest(attribute + " must match [A-Za-z0-9._-]{1,128}, not \""
                    + (id == null ? "" : id.length() > 140 ? id.substring(0, 140) + "..." : id) + "\"", attribute);
        }
        return id;
    }
}
