package org.rocmon.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.attributes.FileArea;

/**
 * Builds mixin contexts with the catalog's own {@link AttributeContext}, so a test sees the same selection,
 * defaults and refusals as a deployed mixin. Contexts have a period of 3 s and no resource facts.
 */
public final class MixinContexts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long PERIOD_MILLIS = 3000;

    private MixinContexts() {
    }

    /** @return the attribute prefix of a mixin, e.g. {@code com.example.occi.monitoring.EWMA.} */
    public static String prefix(String scheme, String term) {
        return AttributeSpec.namespaceOf(scheme) + "." + term + ".";
    }

    /** @return the parsed attribute specifications */
    public static List<AttributeSpec> specs(String... specs) {
        List<AttributeSpec> out = new ArrayList<>();
        for (String s : specs) {
            out.add(AttributeSpec.parse(s));
        }
        return out;
    }

    /** Builds the context from an OCCI description file in the paper's nested (or the flat) form. */
    public static AttributeContext fromFile(Path description, String scheme, String term, String... specs)
            throws IOException, InvalidAttributeException {
        return fromFile(description, Map.of(), Map.of(), scheme, term, specs);
    }

    /** As {@link #fromFile(Path, String, String, String...)}, after expanding {@code ${name}} in the file. */
    public static AttributeContext fromFile(Path description, Map<String, String> vars, String scheme, String term,
            String... specs) throws IOException, InvalidAttributeException {
        return fromFile(description, vars, Map.of(), scheme, term, specs);
    }

    /**
     * As {@link #fromFile(Path, Map, String, String, String...)}, then sets the attributes of {@code overrides}
     * (short names, e.g. a port known only at run time).
     */
    @SuppressWarnings("unchecked")
    public static AttributeContext fromFile(Path description, Map<String, String> vars, Map<String, ?> overrides,
            String scheme, String term, String... specs) throws IOException, InvalidAttributeException {
        return fromFile(description, vars, overrides, null, scheme, term, specs);
    }

    /**
     * As {@link #fromFile(Path, Map, String, String, String...)}, with the folders {@code path} attributes are
     * confined to, as a node's catalog does.
     */
    public static AttributeContext fromFile(Path description, Map<String, String> vars, FileArea files, String scheme,
            String term, String... specs) throws IOException, InvalidAttributeException {
        return fromFile(description, vars, Map.of(), files, scheme, term, specs);
    }

    private static AttributeContext fromFile(Path description, Map<String, String> vars, Map<String, ?> overrides,
            FileArea files, String scheme, String term, String... specs) throws IOException, InvalidAttributeException {
        String text = Fixtures.expand(Files.readString(description, StandardCharsets.UTF_8), vars);
        Map<String, Object> entity = MAPPER.readValue(text, Map.class);
        Map<String, Object> attributes = Descriptions.flatten((Map<String, ?>) entity.get("attributes"));
        String p = prefix(scheme, term);
        if (!overrides.isEmpty()) {
            attributes = new LinkedHashMap<>(attributes);
            for (Map.Entry<String, ?> o : overrides.entrySet()) {
                attributes.put(p + o.getKey(), o.getValue());
            }
        }
        return files == null
                ? AttributeContext.create(p, specs(specs), (String) entity.get("id"), attributes, PERIOD_MILLIS, Map.of())
                : AttributeContext.create(p, specs(specs), (String) entity.get("id"), attributes, PERIOD_MILLIS,
                        Map.of(), files);
    }

    /** Builds the context of sensor {@code s01} from short attribute names and values, alternating. */
    public static AttributeContext of(String scheme, String term, String[] specs, Object... shortNamesAndValues)
            throws InvalidAttributeException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < shortNamesAndValues.length; i += 2) {
            attributes.put(String.valueOf(shortNamesAndValues[i]), shortNamesAndValues[i + 1]);
        }
        return of("s01", scheme, term, attributes, specs);
    }

    /** Builds the context of collector {@code c01} from short attribute names. */
    public static AttributeContext of(String scheme, String term, Map<String, ?> attributes, String... specs)
            throws InvalidAttributeException {
        return of("c01", scheme, term, attributes, specs);
    }

    /** Builds the context of entity {@code entityId} from short attribute names. */
    public static AttributeContext of(String entityId, String scheme, String term, Map<String, ?> attributes,
            String... specs) throws InvalidAttributeException {
        String p = prefix(scheme, term);
        Map<String, Object> flat = new LinkedHashMap<>();
        attributes.forEach((k, v) -> flat.put(p + k, v));
        return AttributeContext.create(p, specs(specs), entityId, flat, PERIOD_MILLIS, Map.of());
    }
}
