package org.rocmon.occi.internal.frontend.model;

import java.util.regex.Pattern;

/** Entity and node ids: the same rule as the node APIs, so that an id can always be deployed as given. */
public final class Ids {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Ids() {
    }

    /** @return whether {@code id} is usable in a path on the front end and on a node */
    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches() && !".".equals(id) && !"..".equals(id);
    }
}
