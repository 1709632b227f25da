package org.rocmon.occi.internal.frontend.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OCCI kind or mixin as the query interface publishes it. Immutable once built. */
public final class Category {

    /** Category classes of GFD.221. */
    public enum Clazz {
        KIND, MIXIN, ACTION;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public final String scheme;
    public final String term;
    public final String title;
    public final Clazz clazz;
    /** Kind: its parent kind id, or {@code null}. */
    public final String parent;
    /** Mixin: the mixins it depends on. */
    public final List<String> depends;
    /** Mixin: the kinds it applies to. */
    public final List<String> applies;
    /** Path of its collection, e.g. {@code /occi/sensor/}. */
    public final String location;
    public final Map<String, AttributeDef> attributes;
    /** Mixin kind for installed mixins ({@code metric}, {@code aggregator}, {@code publisher}), else {@code null}. */
    public final String mixinKind;
    /** Installed mixins: the dotted prefix of their attributes, e.g. {@code com.example.occi.monitoring.EWMA.}. */
    public final String prefix;
    /** Kind: the actions (scheme + term) its entities can be asked to perform. */
    public final List<String> actions;

    Category(String scheme, String term, String title, Clazz clazz, String parent, List<String> depends,
            List<String> applies, String location, Map<String, AttributeDef> attributes, String mixinKind,
            String prefix, List<String> actions) {
        this.prefix = prefix;
        this.actions = actions == null ? List.of() : List.copyOf(actions);
        this.scheme = scheme;
        this.term = term;
        this.title = title == null ? "" : title;
        this.clazz = clazz;
        this.parent = parent;
        this.depends = depends == null ? List.of() : List.copyOf(depends);
        this.applies = applies == null ? List.of() : List.copyOf(applies);
        this.location = location;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.mixinKind = mixinKind;
    }

    /** @return scheme + term */
    public String id() {
        return scheme + term;
    }

    /** Builder for the fixed categories. */
    static final class Builder {
        private final String scheme;
        private final String term;
        private final Clazz clazz;
        private String title;
        private String parent;
        private final List<String> depends = new ArrayList<>();
        private final List<String> applies = new ArrayList<>();
        private String location;
        private final Map<String, AttributeDef> attributes = new LinkedHashMap<>();
        private String mixinKind;
        private String prefix;
        private final List<String> actions = new ArrayList<>();

        Builder(String scheme, String term, Clazz clazz) {
            this.scheme = scheme;
            this.term = term;
            this.clazz = clazz;
        }

        Builder title(String t) {
            title = t;
            return this;
        }

        Builder parent(String p) {
            parent = p;
            return this;
        }

        Builder depends(String d) {
            depends.add(d);
            return this;
        }

        Builder applies(String a) {
            applies.add(a);
            return this;
        }

        Builder location(String l) {
            location = l;
            return this;
        }

        Builder attribute(String name, AttributeDef def) {
            attributes.put(name, def);
            return this;
        }

        Builder mixinKind(String k) {
            mixinKind = k;
            return this;
        }

        Builder prefix(String p) {
            prefix = p;
            return this;
        }

        Builder action(String id) {
            actions.add(id);
            return this;
        }

        Category build() {
            return new Category(scheme, term, title, clazz, parent, depends, applies, location, attributes, mixinKind,
                    prefix, actions);
        }
    }
}
