package org.rocmon.api.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the nested attribute form of the paper's listings into the flat OCCI 1.2 form:
 * {@code {"occi":{"sensor":{"period":3}}}} becomes {@code {"occi.sensor.period":3}}. Flat and nested keys may be
 * mixed; flat keys that are already dotted are kept as they are.
 */
public final class Descriptions {

    private Descriptions() {
    }

    /**
     * @param attributes nested or flat attributes, as decoded from JSON
     * @return a new map of flat dotted names to scalar values (String, Number, Boolean) or lists
     */
    public static Map<String, Object> flatten(Map<String, ?> attributes) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (attributes != null) {
            flattenInto("", attributes, flat);
        }
        return flat;
    }

    private static void flattenInto(String prefix, Map<String, ?> nested, Map<String, Object> flat) {
        for (Map.Entry<String, ?> e : nested.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) value;
                flattenInto(key, child, flat);
            } else {
                flat.put(key, value);
            }
        }
    }
}
