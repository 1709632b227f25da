package org.rocmon.catalog.internal.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.Version;

import org.rocmon.api.Monitoring;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;

/**
 * What one mixin service declares through its {@link MixinType} properties, parsed and checked once when the
 * service appears. Immutable.
 */
public final class MixinDescriptor {

    static final String SCHEME = MixinType.PREFIX_ + "scheme";
    static final String TERM = MixinType.PREFIX_ + "term";
    static final String KIND = MixinType.PREFIX_ + "kind";
    static final String TITLE = MixinType.PREFIX_ + "title";
    static final String NAMESPACE = MixinType.PREFIX_ + "namespace";
    static final String ATTRIBUTES = MixinType.PREFIX_ + "attributes";

    // A term becomes one segment of dotted attribute names, so it must not hold dots, '#' or blanks.
    private static final Pattern TERM_SYNTAX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern NAMESPACE_SYNTAX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern NAME_SYNTAX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final String scheme;
    private final String term;
    private final MixinKind kind;
    private final String title;
    private final String attributePrefix;
    private final List<AttributeSpec> attributes;
    private final Version version;
    private final String bundle;

    private MixinDescriptor(String scheme, String term, MixinKind kind, String title, String attributePrefix,
            List<AttributeSpec> attributes, Version version, String bundle) {
        this.scheme = scheme;
        this.term = term;
        this.kind = kind;
        this.title = title;
        this.attributePrefix = attributePrefix;
        this.attributes = attributes;
        this.version = version;
        this.bundle = bundle;
    }

    /**
     * @param properties the service's properties
     * @param serviceKind the kind implied by the SPI interface it was found under
     * @param version version of the providing bundle
     * @param bundle symbolic name of the providing bundle
     * @return the descriptor
     * @throws IllegalArgumentException saying which property is malformed
     */
    public static MixinDescriptor parse(Map<String, ?> properties, MixinKind serviceKind, Version version,
            String bundle) {
        String scheme = single(properties, SCHEME);
        if (scheme == null || scheme.isBlank()) {
            throw new IllegalArgumentException("property " + SCHEME + " is missing");
        }
        scheme = scheme.trim();
        if (!scheme.endsWith("#") || scheme.indexOf('#') != scheme.length() - 1 || scheme.length() == 1) {
            throw new IllegalArgumentException("property " + SCHEME + " '" + scheme + "' must end in a single '#'");
        }
        String term = single(properties, TERM);
        if (term == null || !TERM_SYNTAX.matcher(term.trim()).matches()) {
            throw new IllegalArgumentException("property " + TERM + " '" + term
                    + "' must be a letter followed by letters, digits, _ or -");
        }
        term = term.trim();
        MixinKind kind = kind(properties.get(KIND), serviceKind);
        String title = single(properties, TITLE);
        String namespace = single(properties, NAMESPACE);
        if (namespace == null || namespace.isBlank()) {
            namespace = AttributeSpec.namespaceOf(scheme);
        }
        namespace = namespace.trim();
        while (namespace.endsWith(".")) {
            namespace = namespace.substring(0, namespace.length() - 1);
        }
        if (!NAMESPACE_SYNTAX.matcher(namespace).matches()) {
            throw new IllegalArgumentException("attribute namespace '" + namespace + "' of " + scheme + term
                    + " is not a dotted name (set " + NAMESPACE + ")");
        }
        String prefix = namespace + "." + term + ".";
        List<AttributeSpec> specs = new ArrayList<>();
        for (String text : multiple(properties.get(ATTRIBUTES))) {
            AttributeSpec spec = AttributeSpec.parse(text);
            if (!NAME_SYNTAX.matcher(spec.name()).matches()) {
                throw new IllegalArgumentException("attribute spec '" + text + "' has a bad name '" + spec.name() + "'");
            }
            specs.add(spec);
        }
        AttributeContext.checkSpecs(prefix, specs);
        return new MixinDescriptor(scheme, term, kind, title == null ? "" : title, prefix,
                Collections.unmodifiableList(specs), version == null ? Version.emptyVersion : version,
                bundle == null ? "" : bundle);
    }

    private static MixinKind kind(Object value, MixinKind serviceKind) {
        if (value == null) {
            return serviceKind;
        }
        MixinKind declared;
        if (value instanceof MixinKind) {
            declared = (MixinKind) value;
        } else {
            String text = single(value, KIND);
            try {
                declared = MixinKind.valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("property " + KIND + " '" + text
                        + "' is not one of metric, aggregator, publisher");
            }
        }
        if (declared != serviceKind) {
            throw new IllegalArgumentException("property " + KIND + " says " + lower(declared)
                    + " but the service is registered as " + lower(serviceKind));
        }
        return declared;
    }

    private static String single(Map<String, ?> properties, String key) {
        return single(properties.get(key), key);
    }

    // DS publishes a one-element String[] as a plain String, and vice versa callers may pass either.
    private static String single(Object value, String key) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        List<String> all = multiple(value);
        if (all.size() != 1) {
            throw new IllegalArgumentException("property " + key + " must be one string, not " + all);
        }
        return all.get(0);
    }

    private static List<String> multiple(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof String) {
            out.add((String) value);
        } else if (value instanceof String[]) {
            Collections.addAll(out, (String[]) value);
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                out.add(String.valueOf(o));
            }
        } else {
            throw new IllegalArgumentException("expected strings, not " + value.getClass().getSimpleName());
        }
        return out;
    }

    static String lower(MixinKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** @return scheme + term */
    public String id() {
        return scheme + term;
    }

    /** @return the scheme, ending in {@code #} */
    public String scheme() {
        return scheme;
    }

    /** @return the term */
    public String term() {
        return term;
    }

    /** @return which SPI it implements */
    public MixinKind kind() {
        return kind;
    }

    /** @return human title, possibly empty */
    public String title() {
        return title;
    }

    /** @return namespace + "." + term + "." */
    public String attributePrefix() {
        return attributePrefix;
    }

    /** @return what it accepts */
    public List<AttributeSpec> attributes() {
        return attributes;
    }

    /** @return version of the providing bundle */
    public Version version() {
        return version;
    }

    /** @return symbolic name of the providing bundle */
    public String bundle() {
        return bundle;
    }

    /** @return a fresh DTO; callers may change it */
    public MixinDTO toDTO() {
        MixinDTO dto = new MixinDTO();
        dto.id = id();
        dto.scheme = scheme;
        dto.term = term;
        dto.kind = lower(kind);
        dto.depends = kind.tag();
        dto.applies = kind == MixinKind.METRIC ? Monitoring.COLLECTOR_KIND : Monitoring.SENSOR_KIND;
        dto.title = title;
        dto.version = version.toString();
        dto.bundle = bundle;
        dto.attributePrefix = attributePrefix;
        for (AttributeSpec spec : attributes) {
            AttributeDTO a = new AttributeDTO();
            a.name = attributePrefix + spec.name();
            a.type = spec.type().name().toLowerCase(Locale.ROOT);
            a.required = spec.required();
            a.defaultValue = spec.defaultValue();
            a.description = spec.description();
            dto.attributes.add(a);
        }
        return dto;
    }

    @Override
    public String toString() {
        return id() + " " + version + " (" + lower(kind) + ", " + bundle + ")";
    }
}
