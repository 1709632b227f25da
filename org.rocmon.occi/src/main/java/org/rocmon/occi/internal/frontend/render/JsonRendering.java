package org.rocmon.occi.internal.frontend.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocmon.occi.internal.frontend.model.AttributeDef;
import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/**
 * The OCCI JSON rendering (GFD.225) as plain maps and lists for Jackson. The schema of the rendering forbids
 * unknown members and empty string arrays, so optional members are left out rather than rendered empty.
 */
public final class JsonRendering {

    private JsonRendering() {
    }

    /** @return a resource or link rendering */
    public static Map<String, Object> entity(Entity e, Views.Lookup lookup) {
        return e.isLink() ? link(e, lookup) : resource(e, lookup);
    }

    static Map<String, Object> resource(Entity e, Views.Lookup lookup) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", e.kind);
        if (!e.mixins.isEmpty()) {
            r.put("mixins", List.copyOf(e.mixins));
        }
        r.put("attributes", Views.attributes(e, lookup));
        putActions(r, e);
        r.put("id", e.id);
        if (e.title != null) {
            r.put("title", e.title);
        }
        if (e.summary != null) {
            r.put("summary", e.summary);
        }
        List<Object> links = new ArrayList<>();
        for (Entity l : Views.outgoing(e, lookup)) {
            links.add(link(l, lookup));
        }
        if (!links.isEmpty()) {
            r.put("links", links);
        }
        return r;
    }

    static Map<String, Object> link(Entity e, Views.Lookup lookup) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", e.kind);
        if (!e.mixins.isEmpty()) {
            r.put("mixins", List.copyOf(e.mixins));
        }
        r.put("attributes", Views.attributes(e, lookup));
        putActions(r, e);
        r.put("id", e.id);
        if (e.title != null) {
            r.put("title", e.title);
        }
        r.put("source", end(e.source, lookup));
        r.put("target", end(e.target, lookup));
        return r;
    }

    /** GFD.225: the actions that apply to the instance, as action identifiers; omitted when none. */
    private static void putActions(Map<String, Object> r, Entity e) {
        List<String> actions = Views.actions(e);
        if (!actions.isEmpty()) {
            r.put("actions", actions);
        }
    }

    private static Map<String, Object> end(String id, Views.Lookup lookup) {
        Map<String, Object> end = new LinkedHashMap<>();
        Entity other = id == null ? null : lookup.get(id);
        if (other == null) {
            end.put("location", id == null ? "" : id);
        } else {
            end.put("location", Model.location(other.kind, other.id));
            end.put("kind", other.kind);
        }
        return end;
    }

    /** @return an entity collection: {@code resources} and/or {@code links}, or {@code {}} when empty */
    public static Map<String, Object> collection(List<Entity> entities, Views.Lookup lookup) {
        List<Object> resources = new ArrayList<>();
        List<Object> links = new ArrayList<>();
        for (Entity e : entities) {
            (e.isLink() ? links : resources).add(entity(e, lookup));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (!resources.isEmpty()) {
            r.put("resources", resources);
        }
        if (!links.isEmpty()) {
            r.put("links", links);
        }
        return r;
    }

    /** @return the query interface: {@code kinds} and {@code mixins} */
    public static Map<String, Object> model(List<Category> categories) {
        List<Object> kinds = new ArrayList<>();
        List<Object> mixins = new ArrayList<>();
        List<Object> actions = new ArrayList<>();
        for (Category c : categories) {
            if (c.clazz == Category.Clazz.KIND) {
                kinds.add(category(c));
            } else if (c.clazz == Category.Clazz.MIXIN) {
                mixins.add(category(c));
            } else {
                actions.add(category(c));
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (!kinds.isEmpty()) {
            r.put("kinds", kinds);
        }
        if (!mixins.isEmpty()) {
            r.put("mixins", mixins);
        }
        if (!actions.isEmpty()) {
            r.put("actions", actions);
        }
        return r;
    }

    static Map<String, Object> category(Category c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("term", c.term);
        r.put("scheme", c.scheme);
        if (!c.title.isEmpty()) {
            r.put("title", c.title);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeDef> a : c.attributes.entrySet()) {
            attributes.put(a.getKey(), attribute(a.getValue()));
        }
        r.put("attributes", attributes);
        if (c.clazz == Category.Clazz.KIND && c.parent != null) {
            r.put("parent", c.parent);
        }
        if (!c.actions.isEmpty()) {
            r.put("actions", c.actions);
        }
        if (c.clazz == Category.Clazz.MIXIN) {
            if (!c.depends.isEmpty()) {
                r.put("depends", c.depends);
            }
            if (!c.applies.isEmpty()) {
                r.put("applies", c.applies);
            }
        }
        if (c.location != null) {
            r.put("location", c.location);
        }
        return r;
    }

    static Map<String, Object> attribute(AttributeDef d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mutable", d.mutable);
        r.put("required", d.required);
        r.put("type", d.type);
        if (d.defaultValue != null) {
            r.put("default", d.defaultValue);
        }
        if (!d.description.isEmpty()) {
            r.put("description", d.description);
        }
        return r;
    }
}
