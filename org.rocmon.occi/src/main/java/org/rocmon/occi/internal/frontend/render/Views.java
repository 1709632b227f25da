package org.rocmon.occi.internal.frontend.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocmon.api.attributes.Secrets;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/** What every rendering shows of an entity besides its category: attributes and the links of a resource. */
public final class Views {

    private Views() {
    }

    /**
     * @param secrets full names of the entity's secret attributes: shown as {@link Secrets#MASK}
     * @return user attributes plus the front end's own ({@code rocmon.node}, owner, state, reason)
     */
    public static Map<String, Object> attributes(Entity e, java.util.Set<String> secrets) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (Map.Entry<String, Object> x : Secrets.masked(e.attributes, secrets).entrySet()) {
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

    /**
     * @return {@link #attributes(Entity, java.util.Set)} plus, on a sensor with incoming collectors, {@code rocmon.collectors}: the
     *         locations of those collectors, which are rendered under their source
     */
    public static Map<String, Object> attributes(Entity e, Lookup lookup) {
        Map<String, Object> a = attributes(e, lookup.secrets(e));
        if (Model.SENSOR.equals(e.kind)) {
            List<String> in = new ArrayList<>();
            for (Entity l : lookup.linksOf(e.id)) {
                if (e.id.equals(l.target)) {
                    in.add(Model.location(l.kind, l.id));
                }
            }
            if (!in.isEmpty()) {
                a.put(Model.COLLECTORS, in);
            }
        }
        return a;
    }

    /** @return the links of a resource in the GFD.221 sense: those it is the source of */
    public static List<Entity> outgoing(Entity e, Lookup lookup) {
        List<Entity> out = new ArrayList<>();
        if (!e.isLink()) {
            for (Entity l : lookup.linksOf(e.id)) {
                if (e.id.equals(l.source)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** @return the actions (scheme + term) that apply to an entity: the control actions of sensors and collectors */
    public static List<String> actions(Entity e) {
        List<String> out = new ArrayList<>();
        if (Model.SENSOR.equals(e.kind) || Model.COLLECTOR.equals(e.kind)) {
            for (String term : Model.ACTIONS) {
                out.add(Model.ACTION_SCHEME + term);
            }
        }
        return out;
    }

    /** Finds the entities a rendering refers to: link ends and the links of a resource. */
    public interface Lookup {
        /** @return the stored entity, or {@code null} */
        Entity get(String id);

        /** @return the links whose source or target is this resource */
        List<Entity> linksOf(String id);

        /** @return full names of the entity's secret attributes, which are never shown */
        default java.util.Set<String> secrets(Entity e) {
            return java.util.Set.of();
        }
    }
}
