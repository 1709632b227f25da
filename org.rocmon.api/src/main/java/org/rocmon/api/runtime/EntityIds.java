package org.rocmon.api.runtime;

import java.util.regex.Pattern;

/**
 * The one rule for sensor, collector, resource, entity and node ids, shared by the node APIs and the OCCI front
 * end so that an id accepted by one can always be used by the other: ids become path segments and file names, so
 * they are 1 to 128 of {@code A-Z a-z 0-9 . _ -}, and not {@code .} or {@code ..}.
 */
public final class EntityIds {

    /** The alphabet and length of an id, as a regular expression. */
    public static final String PATTERN = "[A-Za-z0-9._-]{1,128}";

    private static final Pattern ID = Pattern.compile(PATTERN);

    private EntityIds() {
    }

    /**
     * @param id a candidate id, may be null
     * @return whether it is a valid id
     */
    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches() && !".".equals(id) && !"..".equals(id);
    }
}
