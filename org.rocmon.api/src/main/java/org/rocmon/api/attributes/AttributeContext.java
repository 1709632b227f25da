package org.rocmon.api.attributes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/**
 * The attributes of one mixin instance, picked from its entity's flat attributes by prefix, checked against the
 * mixin's {@link AttributeSpec}s and normalised: numbers to {@link Double}, integers to {@link Long}, booleans to
 * {@link Boolean}, everything else to {@link String}. Immutable once built.
 */
public final class AttributeContext implements MixinContext {

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    // JSON-like numbers only: Double.parseDouble would also take "8888f", "0x1p3" or "Infinity".
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    private final String entityId;
    private final String prefix;
    private final Map<String, AttributeSpec> specs;
    private final Map<String, Object> values;
    private final long periodMillis;
    private final Map<String, Object> resource;
    private final List<String> declaredOutputs = new java.util.concurrent.CopyOnWriteArrayList<>();

    private AttributeContext(String entityId, String prefix, Map<String, AttributeSpec> specs,
            Map<String, Object> values, long periodMillis, Map<String, Object> resource) {
        this.entityId = entityId;
        this.prefix = prefix;
        this.specs = specs;
        this.values = values;
        this.periodMillis = periodMillis;
        this.resource = resource;
    }

    /**
     * @param prefix full attribute prefix ending in a dot, e.g. {@code com.example.occi.monitoring.EWMA.}
     * @param specs what the mixin accepts
     * @param entityId owning sensor or collector
     * @param entityAttributes all flat attributes of the entity
     * @param periodMillis period of the entity
     * @param resource facts about the monitored resource, or an empty map
     * @return the checked context
     * @throws InvalidAttributeException naming the full attribute that is unknown, missing or of the wrong type
     */
    public static AttributeContext create(String prefix, List<AttributeSpec> specs, String entityId,
            Map<String, ?> entityAttributes, long periodMillis, Map<String, ?> resource)
            throws InvalidAttributeException {
        return create(prefix, specs, entityId, entityAttributes, periodMillis, resource, WORKING_DIRECTORY);
    }

    // Without a node, path attributes are confined to the working directory: never wider than a node's own area.
    private static final FileArea WORKING_DIRECTORY = FileArea.of(java.nio.file.Paths.get(""), List.of());

    /**
     * As {@link #create(String, List, String, Map, long, Map)}, with the folders {@code path} attributes must lie
     * in: each is resolved by {@link FileArea#resolve} and the mixin reads the result.
     *
     * @param files where the node lets mixins write
     * @since 1.1
     */
    public static AttributeContext create(String prefix, List<AttributeSpec> specs, String entityId,
            Map<String, ?> entityAttributes, long periodMillis, Map<String, ?> resource, FileArea files)
            throws InvalidAttributeException {
        Map<String, AttributeSpec> byName = new LinkedHashMap<>();
        for (AttributeSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        Map<String, Object> given = new LinkedHashMap<>();
        if (entityAttributes != null) {
            for (Map.Entry<String, ?> e : entityAttributes.entrySet()) {
                if (e.getKey() == null || !e.getKey().startsWith(prefix)) {
                    continue;
                }
                String name = e.getKey().substring(prefix.length());
                if (!byName.containsKey(name)) {
                    throw new InvalidAttributeException(e.getKey(),
                            "unknown attribute '" + e.getKey() + "'; accepted: " + fullNames(prefix, byName));
                }
                given.put(name, e.getValue());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (AttributeSpec spec : specs) {
            String full = prefix + spec.name();
            Object raw = given.get(spec.name());
            if (isAbsent(raw)) {
                // AttributeSpec.required(): a default does not satisfy a required attribute.
                if (spec.required()) {
                    throw new InvalidAttributeException(full, "attribute '" + full + "' is required ("
                            + typeName(spec) + (spec.description().isEmpty() ? "" : ": " + spec.description())
                            + (spec.defaultValue() == null ? "" : "; suggested value " + spec.defaultValue()) + ")");
                }
                raw = spec.defaultValue();
                if (isAbsent(raw)) {
                    continue;
                }
            }
            Object value = checked(full, spec, raw);
            if (spec.type() == AttributeSpec.Type.PATH) {
                value = files.resolve(full, value.toString()).toString();
            }
            values.put(spec.name(), value);
        }
        Map<String, Object> facts = resource == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(resource));
        return new AttributeContext(entityId, prefix, Collections.unmodifiableMap(byName),
                Collections.unmodifiableMap(values), periodMillis, facts);
    }

    /**
     * Checks that every default value suits its type and that no name repeats, so that a mixin whose
     * specifications are broken is refused when it is registered rather than when an entity uses it.
     *
     * @param prefix full attribute prefix ending in a dot
     * @param specs what a mixin accepts
     * @throws IllegalArgumentException naming the first bad specification
     */
    public static void checkSpecs(String prefix, List<AttributeSpec> specs) {
        Map<String, AttributeSpec> seen = new LinkedHashMap<>();
        for (AttributeSpec spec : specs) {
            if (seen.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("attribute '" + prefix + spec.name() + "' is declared twice");
            }
            if (!isAbsent(spec.defaultValue())) {
                try {
                    checked(prefix + spec.name(), spec, spec.defaultValue());
                } catch (InvalidAttributeException e) {
                    throw new IllegalArgumentException("default of " + e.getMessage(), e);
                }
            }
        }
    }

    private static List<String> fullNames(String prefix, Map<String, AttributeSpec> byName) {
        List<String> names = new ArrayList<>();
        for (String name : byName.keySet()) {
            names.add(prefix + name);
        }
        return names;
    }

    private static String typeName(AttributeSpec spec) {
        return spec.type().name().toLowerCase(Locale.ROOT);
    }

    private static boolean isAbsent(Object raw) {
        return raw == null || (raw instanceof CharSequence && raw.toString().isBlank());
    }

    /** The value normalised to the spec's type, then held to its range or choices (AttributeSpec 1.3). */
    private static Object checked(String full, AttributeSpec spec, Object raw) throws InvalidAttributeException {
        Object v = normalise(full, spec.type(), raw);
        if (v instanceof Number && (spec.min() != null || spec.max() != null)) {
            double d = ((Number) v).doubleValue();
            boolean low = spec.min() != null && (spec.minInclusive() ? d < spec.min() : d <= spec.min());
            boolean high = spec.max() != null && (spec.maxInclusive() ? d > spec.max() : d >= spec.max());
            if (low || high) {
                throw new InvalidAttributeException(full, "attribute '" + full + "' must be " + rangeText(spec)
                        + ", not " + AttributeSpec.number(d));
            }
        }
        if (!spec.choices().isEmpty()) {
            // Ignoring case and blanks, as the mixins' own checks did; the mixin gets the spec's spelling.
            for (String choice : spec.choices()) {
                if (choice.equalsIgnoreCase(v.toString().trim())) {
                    return choice;
                }
            }
            throw new InvalidAttributeException(full, "attribute '" + full + "' must be one of "
                    + String.join(", ", spec.choices()) + ", not " + v);
        }
        return v;
    }

    private static String rangeText(AttributeSpec spec) {
        String lo = spec.min() == null ? null : AttributeSpec.number(spec.min());
        String hi = spec.max() == null ? null : AttributeSpec.number(spec.max());
        if (lo != null && hi != null && spec.minInclusive() && spec.maxInclusive()) {
            return "between " + lo + " and " + hi;
        }
        String low = lo == null ? null : (spec.minInclusive() ? "at least " : "greater than ") + lo;
        String high = hi == null ? null : (spec.maxInclusive() ? "at most " : "less than ") + hi;
        return low == null ? high : high == null ? low : low + " and " + high;
    }

    private static Object normalise(String full, AttributeSpec.Type type, Object raw) throws InvalidAttributeException {
        switch (type) {
            case NUMBER:
                return toDouble(full, raw);
            case INTEGER:
                return toLong(full, raw);
            case BOOLEAN:
                if (raw instanceof Boolean) {
                    return raw;
                }
                if (raw instanceof CharSequence) {
                    String text = raw.toString().trim();
                    if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                        return Boolean.valueOf(text);
                    }
                }
                throw new InvalidAttributeException(full, "attribute '" + full + "' must be true or false, not " + raw);
            case URL:
                return url(full, raw);
            case HOST:
                if (!(raw instanceof CharSequence) || raw.toString().isBlank()
                        || raw.toString().trim().chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                    throw new InvalidAttributeException(full, "attribute '" + full
                            + "' must be a host name or IP address, not " + raw);
                }
                return raw.toString().trim();
            case PATH:
                if (!(raw instanceof CharSequence) || raw.toString().isBlank()) {
                    throw new InvalidAttributeException(full, "attribute '" + full + "' must name a file");
                }
                return raw.toString().trim();
            case IN:
            case OUT:
                if (!(raw instanceof CharSequence) || !CHANNEL.matcher(raw.toString()).matches()) {
                    throw new InvalidAttributeException(full, "attribute '" + full
                            + "' must name a channel (1-128 letters, digits, _ . : -), not " + raw);
                }
                return raw.toString();
            default:
                if (raw instanceof Map || raw instanceof List || raw instanceof Object[]) {
                    throw new InvalidAttributeException(full, "attribute '" + full + "' must be a single value");
                }
                return raw.toString();
        }
    }

    private static String url(String full, Object raw) throws InvalidAttributeException {
        String text = raw instanceof CharSequence ? raw.toString().trim() : "";
        try {
            java.net.URI uri = new java.net.URI(text);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return text;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new InvalidAttributeException(full, "attribute '" + full + "' must be a URL with a host"
                + " (scheme://host[:port]/...), not '" + text + "'");
    }

    private static double toDouble(String full, Object raw) throws InvalidAttributeException {
        double d = Double.NaN;
        if (raw instanceof Number) {
            d = ((Number) raw).doubleValue();
        } else if (raw instanceof CharSequence && NUMBER.matcher(raw.toString().trim()).matches()) {
            d = Double.parseDouble(raw.toString().trim());
        }
        if (!Double.isFinite(d)) {
            throw new InvalidAttributeException(full, "attribute '" + full + "' must be a number, not " + raw);
        }
        return d;
    }

    private static long toLong(String full, Object raw) throws InvalidAttributeException {
        // Integral types are taken exactly: going through double would lose digits above 2^53.
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger && ((BigInteger) raw).bitLength() < 64) {
            return ((BigInteger) raw).longValue();
        }
        if (raw instanceof CharSequence && INTEGER.matcher(raw.toString().trim()).matches()) {
            return Long.parseLong(raw.toString().trim());
        }
        double d = toDouble(full, raw);
        if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
            throw new InvalidAttributeException(full, "attribute '" + full + "' must be a whole number, not " + raw);
        }
        return (long) d;
    }

    /** @return channel names of the {@code in} attributes that have a value */
    public List<String> inputs() {
        return channels(AttributeSpec.Type.IN);
    }

    /** @return channel names of the {@code out} attributes that have a value */
    public List<String> outputs() {
        if (declaredOutputs.isEmpty()) {
            return channels(AttributeSpec.Type.OUT);
        }
        List<String> all = new ArrayList<>(channels(AttributeSpec.Type.OUT));
        for (String channel : declaredOutputs) {
            if (!all.contains(channel)) {
                all.add(channel);
            }
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    public void declareOutput(String channel) throws InvalidAttributeException {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new InvalidAttributeException(prefix.substring(0, prefix.length() - 1),
                    "'" + channel + "' is not a channel name (letters, digits, _ . : -)");
        }
        declaredOutputs.add(channel);
    }

    private List<String> channels(AttributeSpec.Type type) {
        List<String> out = new ArrayList<>();
        for (AttributeSpec spec : specs.values()) {
            Object v = values.get(spec.name());
            if (spec.type() == type && v != null) {
                out.add((String) v);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String entityId() {
        return entityId;
    }

    @Override
    public String attributePrefix() {
        return prefix;
    }

    @Override
    public Map<String, Object> attributes() {
        return values;
    }

    @Override
    public String string(String name) throws InvalidAttributeException {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        return v.toString();
    }

    @Override
    public String string(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : v.toString();
    }

    @Override
    public double number(String name) throws InvalidAttributeException {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        return toDouble(prefix + name, v);
    }

    @Override
    public long integer(String name) throws InvalidAttributeException {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        return toLong(prefix + name, v);
    }

    @Override
    public boolean bool(String name) throws InvalidAttributeException {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        return (Boolean) normalise(prefix + name, AttributeSpec.Type.BOOLEAN, v);
    }

    @Override
    public String channel(String name) throws InvalidAttributeException {
        AttributeSpec spec = specs.get(name);
        if (spec != null && !spec.isChannel()) {
            throw new InvalidAttributeException(prefix + name,
                    "attribute '" + prefix + name + "' is a " + typeName(spec) + ", not a channel");
        }
        return string(name);
    }

    @Override
    public long periodMillis() {
        return periodMillis;
    }

    @Override
    public Map<String, Object> resource() {
        return resource;
    }

    @Override
    public String toString() {
        // Secrets never reach a log line through a context.
        Map<String, Object> shown = new LinkedHashMap<>(values);
        for (AttributeSpec spec : specs.values()) {
            if (spec.type() == AttributeSpec.Type.SECRET && shown.containsKey(spec.name())) {
                shown.put(spec.name(), AttributeSpec.MASK);
            }
        }
        return "AttributeContext[" + entityId + " " + prefix + " " + shown + "]";
    }

    private InvalidAttributeException missing(String name) {
        return new InvalidAttributeException(prefix + name, "attribute '" + prefix + name + "' is not set");
    }
}
