package org.rocmon.occi.internal.frontend.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rocmon.occi.internal.frontend.model.AttributeDef;
import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.api.Measurement;

/**
 * The OCCI text rendering (GFD.229) as {@code Name: value} lines: the same lines are the headers of a
 * {@code text/occi} answer and the body of a {@code text/plain} one.
 */
public final class TextRendering {

    private TextRendering() {
    }

    /** @return Category, Link and X-OCCI-Attribute lines of one entity */
    public static List<String> entity(Entity e, Model model, Views.Lookup lookup) {
        List<String> lines = new ArrayList<>();
        lines.add("Category: " + categoryRef(e.kind, "kind", model));
        for (String m : e.mixins) {
            lines.add("Category: " + categoryRef(m, "mixin", model));
        }
        for (Entity l : Views.outgoing(e, lookup)) {
            Entity target = lookup.get(l.target);
            String self = Model.location(l.kind, l.id);
            String to = target == null ? String.valueOf(l.target) : Model.location(target.kind, target.id);
            lines.add("Link: <" + to + ">; rel=\"" + (target == null ? Model.RESOURCE : target.kind)
                    + "\"; self=\"" + self + "\"; category=\"" + l.kind + "\"");
        }
        // GFD.229: the actions that apply are rendered as action links of the instance.
        String here = Model.location(e.kind, e.id);
        for (String action : Views.actions(e)) {
            lines.add("Link: <" + here + "?action=" + action.substring(action.indexOf('#') + 1) + ">; rel=\""
                    + action + "\"");
        }
        lines.add(attribute("occi.core.id", e.id));
        if (e.title != null) {
            lines.add(attribute("occi.core.title", e.title));
        }
        if (e.summary != null && !e.isLink()) {
            lines.add(attribute("occi.core.summary", e.summary));
        }
        if (e.isLink()) {
            lines.add(attribute("occi.core.source", endLocation(e.source, lookup)));
            lines.add(attribute("occi.core.target", endLocation(e.target, lookup)));
        }
        for (Map.Entry<String, Object> a : Views.attributes(e, lookup).entrySet()) {
            lines.add(attribute(a.getKey(), a.getValue()));
        }
        return lines;
    }

    /** @return one X-OCCI-Location line per location */
    public static List<String> locations(List<String> paths) {
        List<String> lines = new ArrayList<>();
        for (String p : paths) {
            lines.add("X-OCCI-Location: " + p);
        }
        return lines;
    }

    /** @return the query interface: one Category line per category */
    public static List<String> model(List<Category> categories) {
        List<String> lines = new ArrayList<>();
        for (String value : categoryValues(categories)) {
            lines.add("Category: " + value);
        }
        return lines;
    }

    /** @return the value of one Category line per category (without the header name) */
    public static List<String> categoryValues(List<Category> categories) {
        List<String> lines = new ArrayList<>();
        for (Category c : categories) {
            StringBuilder b = new StringBuilder().append(c.term).append("; scheme=\"").append(c.scheme)
                    .append("\"; class=\"").append(c.clazz.text()).append('"');
            if (!c.title.isEmpty()) {
                b.append("; title=").append(quote(c.title));
            }
            List<String> rel = new ArrayList<>();
            if (c.parent != null) {
                rel.add(c.parent);
            }
            rel.addAll(c.depends);
            if (!rel.isEmpty()) {
                b.append("; rel=\"").append(String.join(" ", rel)).append('"');
            }
            if (c.location != null) {
                b.append("; location=\"").append(c.location).append('"');
            }
            if (!c.attributes.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Map.Entry<String, AttributeDef> a : c.attributes.entrySet()) {
                    String flags = a.getValue().required ? "{required}" : a.getValue().mutable ? "" : "{immutable}";
                    names.add(a.getKey() + flags);
                }
                b.append("; attributes=\"").append(String.join(" ", names)).append('"');
            }
            if (!c.actions.isEmpty()) {
                b.append("; actions=\"").append(String.join(" ", c.actions)).append('"');
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private static String categoryRef(String id, String clazz, Model model) {
        int hash = id.indexOf('#');
        String scheme = hash < 0 ? id : id.substring(0, hash + 1);
        String term = hash < 0 ? id : id.substring(hash + 1);
        Category c = model.find(id);
        StringBuilder b = new StringBuilder(term).append("; scheme=\"").append(scheme).append("\"; class=\"")
                .append(clazz).append('"');
        if (c != null && !c.title.isEmpty()) {
            b.append("; title=").append(quote(c.title));
        }
        return b.toString();
    }

    private static String endLocation(String id, Views.Lookup lookup) {
        Entity other = id == null ? null : lookup.get(id);
        return other == null ? String.valueOf(id) : Model.location(other.kind, other.id);
    }

    static String attribute(String name, Object value) {
        return "X-OCCI-Attribute: " + name + "=" + value(value);
    }

    static String value(Object v) {
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (Measurement.isWhole(d)) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        if (v instanceof List) {
            List<String> items = new ArrayList<>();
            for (Object o : (List<?>) v) {
                items.add(String.valueOf(o));
            }
            return quote(String.join(",", items));
        }
        return quote(String.valueOf(v));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            // Header values cannot carry line breaks.
            b.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return b.append('"').toString();
    }
}
