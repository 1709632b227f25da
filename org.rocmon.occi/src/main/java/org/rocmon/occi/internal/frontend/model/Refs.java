package org.rocmon.occi.internal.frontend.model;

/** Turns the ways a client names another entity (an id, a path, a URL) into an entity id. */
public final class Refs {

    private Refs() {
    }

    /**
     * @param ref {@code g01}, {@code /occi/compute/g01}, {@code http://host/occi/compute/g01/}
     * @return the id, or {@code null} for {@code null}
     */
    public static String id(String ref) {
        if (ref == null) {
            return null;
        }
        String r = ref.trim();
        int q = r.indexOf('?');
        if (q >= 0) {
            r = r.substring(0, q);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        int slash = r.lastIndexOf('/');
        return slash < 0 ? r : r.substring(slash + 1);
    }

    /** @return the kind a path names by its collection segment ({@code /occi/compute/g01}), or {@code null} */
    public static String kindOfPath(String ref) {
        if (ref == null) {
            return null;
        }
        int at = ref.indexOf(Model.PREFIX + "/");
        if (at < 0) {
            return null;
        }
        String rest = ref.substring(at + Model.PREFIX.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? null : Model.kindOfSegment(rest.substring(0, slash));
    }
}
