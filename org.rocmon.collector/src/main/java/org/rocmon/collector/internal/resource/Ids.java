package org.rocmon.collector.internal.resource;

import java.util.regex.Pattern;

/** Resource and collector ids: they become path segments and file names, so they are kept to a safe alphabet. */
final class Ids {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Ids() {
    }

    static boolean valid(String id) {
        return id != null && ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }
}
