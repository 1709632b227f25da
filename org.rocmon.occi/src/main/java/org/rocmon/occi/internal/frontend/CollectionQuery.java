package org.rocmon.occi.internal.frontend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.render.Views;
import org.rocmon.api.Measurement;

/**
 * Filtering and pagination of a collection (GFD.223 "Filtering", "Pagination"): {@code ?category=},
 * {@code ?attribute=[&value=]}, {@code ?<dotted.name>=<value>}, {@code ?page=&number=}.
 */
final class CollectionQuery {

    private static final Set<String> RESERVED_PARAMS = Set.of("category", "attribute", "value", "page", "number",
            "action");

    private final Model model;

    CollectionQuery(Model model) {
        this.model = model;
    }

    /** @return the entities the request's filters select, the page it asks for */
    List<Entity> select(OcciRequest req, List<Entity> entities) throws Problem {
        return page(req, filter(req, entities));
    }

    List<Entity> filter(OcciRequest req, List<Entity> entities) {
        List<Entity> out = new ArrayList<>();
        String category = req.param("category");
        String anyValue = req.param("attribute");
        String value = req.param("value");
        for (Entity e : entities) {
            if (category != null && !inCategory(e, category)) {
                continue;
            }
            Map<String, Object> attributes = attributes(e);
            if (anyValue != null) {
                // ?attribute=name&value=v names the attribute; ?attribute=v alone matches any attribute's value.
                boolean match = value != null ? value.equals(text(attributes.get(anyValue)))
                        : attributes.values().stream().anyMatch(v -> anyValue.equals(text(v)));
                if (!match) {
                    continue;
                }
            }
            boolean all = true;
            for (Map.Entry<String, List<String>> p : req.query.entrySet()) {
                if (!RESERVED_PARAMS.contains(p.getKey()) && p.getKey().contains(".") && !p.getValue().isEmpty()
                        && !endId(p.getKey(), p.getValue().get(0)).equals(text(attributes.get(p.getKey())))) {
                    all = false;
                }
            }
            if (all) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return for a link end given as a location ({@code /occi/sensor/s01} or a URL of it), the id; else the value */
    private static String endId(String attribute, String value) {
        if (!"occi.core.source".equals(attribute) && !"occi.core.target".equals(attribute)) {
            return value;
        }
        int at = value.indexOf(Model.PREFIX + "/");
        if (at < 0) {
            return value;
        }
        String[] segments = value.substring(at + Model.PREFIX.length() + 1).split("/");
        return segments.length == 2 && Model.kindOfSegment(segments[0]) != null ? segments[1] : value;
    }

    private boolean inCategory(Entity e, String category) {
        if (model.isA(e.kind, category) || e.kind.endsWith("#" + category)) {
            return true;
        }
        for (String m : e.mixins) {
            Category c = model.find(m);
            if (m.equals(category) || m.endsWith("#" + category) || (c != null && c.depends.contains(category))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> attributes(Entity e) {
        // Masked: a filter on a secret's value would tell it, one guess at a time.
        Map<String, Object> a = new LinkedHashMap<>(Views.attributes(e, model.secrets(e.mixins)));
        a.put("occi.core.id", e.id);
        if (e.title != null) {
            a.put("occi.core.title", e.title);
        }
        if (e.summary != null) {
            a.put("occi.core.summary", e.summary);
        }
        if (e.source != null) {
            a.put("occi.core.source", e.source);
        }
        if (e.target != null) {
            a.put("occi.core.target", e.target);
        }
        // Link ends are matched by id or by location: ?occi.core.target=/occi/sensor/s01 finds a sensor's collectors.
        return a;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (Measurement.isWhole(d)) {
                return Long.toString((long) d);
            }
        }
        return v.toString();
    }

    private static List<Entity> page(OcciRequest req, List<Entity> all) throws Problem {
        String p = req.param("page");
        String n = req.param("number");
        if (p == null && n == null) {
            return all;
        }
        int page = positiveInt(p == null ? "1" : p, "page");
        int number = positiveInt(n == null ? "10" : n, "number");
        long from = (long) (page - 1) * number;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + number));
    }

    private static int positiveInt(String text, String name) throws Problem {
        try {
            int v = Integer.parseInt(text.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.badRequest(name + " must be a whole number >= 1, not \"" + text + "\"", name);
    }
}
