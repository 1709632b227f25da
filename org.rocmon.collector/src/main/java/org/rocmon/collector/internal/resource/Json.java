package org.rocmon.collector.internal.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;

/** JSON helpers shared by the resource classes. */
final class Json {

    /** Thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** @return {"value","ts","source","unit","state"} with absent fields omitted, as everywhere in Rocmon */
    static ObjectNode measurement(Measurement m) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        Object v = m.value();
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                n.put("value", Double.toString(d));
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                n.put("value", (long) d);
            } else {
                n.put("value", d);
            }
        } else if (v instanceof Boolean) {
            n.put("value", (Boolean) v);
        } else {
            n.put("value", String.valueOf(v));
        }
        n.put("ts", m.timestamp());
        if (m.source() != null) {
            n.put("source", m.source());
        }
        if (m.unit() != null) {
            n.put("unit", m.unit());
        }
        if (m.state() != null) {
            n.put("state", m.state().name());
        }
        return n;
    }
}
