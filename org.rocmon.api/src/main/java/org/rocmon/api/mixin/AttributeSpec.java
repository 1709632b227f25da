package org.rocmon.api.mixin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One attribute a mixin accepts, parsed from the compact form used in {@link MixinType#attributes()}:
 *
 * <pre>
 * name:type[!|?][range|choices][=default][|description]
 * </pre>
 *
 * where {@code type} is one of {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code in} (the
 * name of an input channel) or {@code out} (the name of an output channel), or since 1.4 one of the types the host
 * enforces a policy on: {@code path} (a file the mixin writes: the host resolves and confines it, see
 * {@link org.rocmon.api.attributes.FileArea}), {@code url} and {@code host} (a network destination the mixin sends
 * to: the front end holds it to the operator's destination list for ordinary users) and {@code secret} (write-only
 * text: never shown back, masked in logs, stored protected); {@code !} marks it required and
 * {@code ?} optional with no default (the usual mark of an optional channel: read it with
 * {@link MixinContext#optionalChannel(String)}). Since 1.3 the host also checks, for {@code number} and
 * {@code integer}, a <b>range</b> {@code [min,max]} with inclusive ({@code [ ]}) or exclusive ({@code ( )}) bounds,
 * either of which may be left empty (no bound), and for {@code string}, <b>choices</b> {@code {a,b,c}} (matched
 * ignoring case and surrounding blanks; the mixin reads the spelling of the specification). A default must satisfy
 * them. Examples:
 *
 * <pre>
 * gain:number[1,1000]=16|weight divisor of the average
 * period:number!(0,3600]|seconds between two values
 * count:integer[1,]=10
 * mode:string{avg,min,max}=avg
 * delay:out?|channel of the round-trip time
 * filename:path!|file to append to, under the node's data folder
 * url:url!|callback the batches are POSTed to
 * token:secret|API token sent with every request
 * </pre>
 *
 * A value outside is refused when the entity is created, with a message naming the attribute, e.g.
 * {@code attribute 'com.example.occi.monitoring.EWMA.gain' must be between 1 and 1000, not 0}.
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
        OUT,
        /**
         * A file the mixin writes. The host resolves it (a relative path under the node's data folder), follows
         * links and refuses it outside the folders mixins may write in; the mixin reads the resolved absolute path
         * as text ({@link MixinContext#string(String)}).
         *
         * @since 1.4
         */
        PATH,
        /**
         * A URL with a host the mixin sends to: a network destination ({@code scheme://host[:port]/...}); its port
         * is the URL's, else the scheme's (80 for http, 443 for https).
         *
         * @since 1.4
         */
        URL,
        /**
         * A host name or IP address the mixin sends to: a network destination. Its port is the mixin's attribute
         * named {@code port}, when it has one.
         *
         * @since 1.4
         */
        HOST,
        /**
         * Write-only text (a key, token or password): the host never shows it in a description it returns
         * ({@link #MASK} instead), masks it in log lines and keeps the stored value when an update omits it or
         * sends the mask back.
         *
         * @since 1.4
         */
        SECRET
    }

    /**
     * What the host shows instead of a {@link Type#SECRET} value, and takes back as "keep the stored value".
     *
     * @since 1.4
     */
    public static final String MASK = "******";

    private final String name;
    private final Type type;
    private final boolean required;
    private final boolean optional;
    private final String defaultValue;
    private final String description;
    private final Double min;
    private final boolean minInclusive;
    private final Double max;
    private final boolean maxInclusive;
    private final List<String> choices;

    private AttributeSpec(String name, Type type, boolean required, boolean optional, String defaultValue,
            String description, Double min, boolean minInclusive, Double max, boolean maxInclusive,
            List<String> choices) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.optional = optional;
        this.defaultValue = defaultValue;
        this.description = description;
        this.min = min;
        this.minInclusive = minInclusive;
        this.max = max;
        this.maxInclusive = maxInclusive;
        this.choices = choices;
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
            throw new IllegalArgumentException("attribute spec '" + spec + "' is not name:type[!|?][range|choices]"
                    + "[=default][|text]");
        }
        String name = body.substring(0, colon).trim();
        String rest = body.substring(colon + 1).trim();
        int t = 0;
        while (t < rest.length() && Character.isLetter(rest.charAt(t))) {
            t++;
        }
        String typeText = rest.substring(0, t);
        rest = rest.substring(t).trim();
        Type type;
        try {
            type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute spec '" + spec + "' has unknown type '" + typeText + "'");
        }
        boolean required = false;
        boolean optional = false;
        // The mark may stand before or after the constraint: "number![1,5]" and "number[1,5]!" are the same.
        for (int pass = 0; pass < 2; pass++) {
            if (rest.startsWith("!") || rest.endsWith("!")) {
                required = true;
                rest = (rest.startsWith("!") ? rest.substring(1) : rest.substring(0, rest.length() - 1)).trim();
            } else if (rest.startsWith("?") || rest.endsWith("?")) {
                optional = true;
                rest = (rest.startsWith("?") ? rest.substring(1) : rest.substring(0, rest.length() - 1)).trim();
            }
        }
        if (required && optional) {
            throw new IllegalArgumentException("attribute spec '" + spec + "' is both required (!) and optional (?)");
        }
        if (optional && defaultValue != null) {
            throw new IllegalArgumentException("attribute spec '" + spec + "' is optional (?) but has a default");
        }
        Double min = null;
        Double max = null;
        boolean minIn = true;
        boolean maxIn = true;
        List<String> choices = List.of();
        if (!rest.isEmpty()) {
            char open = rest.charAt(0);
            char close = rest.charAt(rest.length() - 1);
            if (open == '{' && close == '}') {
                if (type != Type.STRING) {
                    throw new IllegalArgumentException("attribute spec '" + spec + "': choices {..} suit string only");
                }
                List<String> list = new ArrayList<>();
                for (String c : rest.substring(1, rest.length() - 1).split(",")) {
                    if (!c.trim().isEmpty()) {
                        list.add(c.trim());
                    }
                }
                if (list.isEmpty()) {
                    throw new IllegalArgumentException("attribute spec '" + spec + "' has no choices");
                }
                choices = Collections.unmodifiableList(list);
            } else if ((open == '[' || open == '(') && (close == ']' || close == ')')) {
                if (type != Type.NUMBER && type != Type.INTEGER) {
                    throw new IllegalArgumentException("attribute spec '" + spec
                            + "': a range suits number and integer only");
                }
                String[] bounds = rest.substring(1, rest.length() - 1).split(",", -1);
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("attribute spec '" + spec + "': a range is [min,max]");
                }
                min = bound(spec, bounds[0]);
                max = bound(spec, bounds[1]);
                minIn = open == '[';
                maxIn = close == ']';
                if (min != null && max != null && min > max) {
                    throw new IllegalArgumentException("attribute spec '" + spec + "': empty range");
                }
            } else {
                throw new IllegalArgumentException("attribute spec '" + spec + "' has '" + rest
                        + "' after its type; expected !, ?, a range [min,max] or choices {a,b}");
            }
        }
        return new AttributeSpec(name, type, required, optional, defaultValue, description, min, minIn, max, maxIn,
                choices);
    }

    private static Double bound(String spec, String text) {
        String b = text.trim();
        if (b.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(b);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("attribute spec '" + spec + "' has a bad bound '" + b + "'");
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

    /**
     * @return whether the specification marks it optional ({@code ?}): it may be absent and has no default
     * @since 1.3
     */
    public boolean optional() {
        return optional;
    }

    /**
     * @return the lower bound of its range, or {@code null} for none
     * @since 1.3
     */
    public Double min() {
        return min;
    }

    /**
     * @return whether {@link #min()} itself is allowed ({@code [}) or not ({@code (})
     * @since 1.3
     */
    public boolean minInclusive() {
        return minInclusive;
    }

    /**
     * @return the upper bound of its range, or {@code null} for none
     * @since 1.3
     */
    public Double max() {
        return max;
    }

    /**
     * @return whether {@link #max()} itself is allowed ({@code ]}) or not ({@code )})
     * @since 1.3
     */
    public boolean maxInclusive() {
        return maxInclusive;
    }

    /**
     * @return the values a string attribute may take, or an empty list for any
     * @since 1.3
     */
    public List<String> choices() {
        return choices;
    }

    /** @return whether it names a channel */
    public boolean isChannel() {
        return type == Type.IN || type == Type.OUT;
    }

    /**
     * @return whether it names a network destination ({@link Type#URL} or {@link Type#HOST})
     * @since 1.4
     */
    public boolean isDestination() {
        return type == Type.URL || type == Type.HOST;
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

    /**
     * @return the range or choices in the compact form ({@code [1,1000]}, {@code (0,]}, {@code {a,b}}), or empty
     * @since 1.3
     */
    public String constraint() {
        if (!choices.isEmpty()) {
            return "{" + String.join(",", choices) + "}";
        }
        if (min == null && max == null) {
            return "";
        }
        return (minInclusive ? "[" : "(") + (min == null ? "" : number(min)) + "," + (max == null ? "" : number(max))
                + (maxInclusive ? "]" : ")");
    }

    /**
     * @param d a number
     * @return it as a person writes it: no ".0" on whole numbers
     * @since 1.3
     */
    public static String number(double d) {
        return org.rocmon.api.Measurement.isWhole(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return name + ":" + type.name().toLowerCase(Locale.ROOT) + (required ? "!" : "") + (optional ? "?" : "")
                + constraint() + (defaultValue == null ? "" : "=" + defaultValue)
                + (description.isEmpty() ? "" : "|" + description);
    }
}
