package org.rocmon.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.attributes.AttributeContext;

/** Builds mixin contexts with the catalog's own attribute checking and defaults, as the runtime does. */
final class Contexts {

    private Contexts() {
    }

    /**
     * @param scheme mixin scheme
     * @param term mixin term
     * @param specs the mixin's attribute specifications, in the compact form
     * @param attributes short name to value
     * @return the checked context of a sensor "bench" with a 1 s period
     */
    static MixinContext of(String scheme, String term, String[] specs, Map<String, ?> attributes)
            throws InvalidAttributeException {
        String prefix = AttributeSpec.namespaceOf(scheme) + "." + term + ".";
        List<AttributeSpec> parsed = new ArrayList<>();
        for (String s : specs) {
            parsed.add(AttributeSpec.parse(s));
        }
        Map<String, Object> flat = new java.util.LinkedHashMap<>();
        attributes.forEach((k, v) -> flat.put(prefix + k, v));
        return AttributeContext.create(prefix, parsed, "bench", flat, 1000, Map.of());
    }
}
