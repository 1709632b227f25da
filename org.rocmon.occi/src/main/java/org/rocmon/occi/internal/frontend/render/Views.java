package org.rocmon.occi.internal.frontend.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/** What every rendering shows of an entity besides its category: attributes and the links of a resource. */
public final class Views {

    private Views() {
    }

    /** @return user attributes plus the front end's own ({@code rocmon.node}, owner, state, reason) */
    public static Map<String, Object> attributes(Entity e) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (Map.Entry<String, Object> x : e.attributes.entrySet()) {
            if (x.getValue() != null) {
                a.put(x.getKey(), x.getValue());
            }
        }
        if (!e.isLink()) {
            a.put(Model.NODE, e.node());
        }
        a.put(Model.OWNER, e.owner == null ? "anonymous" : e.owner);
        a.put(Model.STATE, e.state);
        if (e.reason != null) {
            a.put(Model.REASON, e.reason);
        }
        if (e.control != null) {
            a.put(Model.CONTROL, e.control);
        }
        return a;
    }

    /** Finds the entities a rendering refers to: link ends and the links of a resource. */
    public interface Lookup {
        /** @return the stored entity, or {@code null} */
        Entity get(String id);

        /** @return the links whose source or target is this resource */
        List<Entity> linksOf(String id);
    }
}
