package org.rocmon.api.mixin;

import java.util.Locale;
import java.util.Objects;

/**
 * One attribute a mixin accepts, parsed from the compact form used in {@link MixinType#attributes()}:
 *
 * <pre>
 * name:type[!][=default][|description]
 * </pre>
 *
 * where {@code type} is one of {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code in} (the
 * name of an input channel) or {@code out} (the name of an output channel), and {@code !} marks it required.
 * Example: {@code "gain:number!=16|weight divisor of the average"}.
 */
public final class AttributeSpec {

    /** Value types of mixin attributes. */
    public enum Type {
        /** Free text. */
        STRING,
        /** Any number. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Name of a channel the mixin reads. */
        IN,
        /** Name of a channel the mixin writes. */
        OUT
    }

    private final String name;
    private final Type type;
    private final boolean required;
    private final String defaultValue;
    private final String description;

    private AttributeSpec(String name, Type type, boolean required, String defaultValue, String description) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /**
     * @param spec the compact form
     * @return the parsed specification
     * @throws IllegalArgumentException when the form is malformed
     */
    public static AttributeSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String body = spec;
        String description = "";
        int bar = body.indexOf('|');
        if (bar >= 0) {
            description = body.substring(bar + 1).trim();
            body = body.substring(0, bar);
        }
        String defaultValue = null;
        int eq = body.indexOf('=');
        if (eq >= 0) {
            defaultValue = body.substring(eq + 1).trim();
            body = body.substring(0, eq);
        }
        int colon = body.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("attribute spec '" + spec + "' is not name:type[!][=default][|text]");
        }
        String name = body.substring(0, colon).trim();
        String typeText = body.substring(colon + 1).trim();
        boolean required = typeText.endsWith("!");
        if (required) {
            typeText = typeText.substring(0, typeText.length() - 1);
        }
        Type type;
        try {
            type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute spec '" + spec + "' has unknown type '" + typeText + "'");
        }
        return new AttributeSpec(name, type, required, defaultValue, description);
    }

    /** @return the attribute's short name, without namespace and term */
    public String name() {
        return name;
    }

    /** @return its value type */
    public Type type() {
        return type;
    }

    /** @return whether a description must give it (a default does not satisfy it) */
    public boolean required() {
        return required;
    }

    /** @return its default as text, or {@code null} */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return a one-line human description, possibly empty */
    public String description() {
        return description;
    }

    /** @return whether it names a channel */
    public boolean isChannel() {
        return type == Type.IN || type == Type.OUT;
    }

    /**
     * The attribute namespace derived from a mixin scheme: the host reversed, then the path without its last
     * segment. {@code http://example.com/occi/monitoring/aggregator#} gives {@code com.example.occi.monitoring}.
     *
     * @param scheme a mixin scheme
     * @return the dotted namespace
     */
    public static String namespaceOf(String scheme) {
        String s = scheme;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int sep = s.indexOf("://");
        if (sep >= 0) {
            s = s.substring(sep + 3);
        }
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        String path = slash < 0 ? "" : s.substring(slash + 1);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        StringBuilder out = new StringBuilder();
        String[] labels = host.split("\\.");
        for (int i = labels.length - 1; i >= 0; i--) {
            if (!labels[i].isEmpty()) {
                out.append(out.length() == 0 ? "" : ".").append(labels[i]);
            }
        }
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (!segments[i].isEmpty()) {
                out.append('.').append(segments[i]);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name + ":" + type.name().toLowerCase(Locale.ROOT) + (required ? "!" : "")
                + (defaultValue == null ? "" : "=" + defaultValue) + (description.isEmpty() ? "" : "|" + description);
    }
}
