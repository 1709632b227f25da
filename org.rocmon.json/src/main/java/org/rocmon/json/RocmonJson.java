package org.rocmon.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import org.rocmon.api.Measurement;

/**
 * The one place Rocmon's types become JSON.
 *
 * <ul>
 * <li>A {@link Measurement} is {@code {"value","ts","source","unit","state","epoch","seq"}}, absent fields omitted
 * ({@code epoch} and {@code seq}: the collector frame it came in, {@link Measurement#withOrigin}).</li>
 * <li>A {@link PublishedMeasurement} is {@code {"ts","sensor","channel","value","source","unit","state","epoch","seq"}}: the line
 * the Log, SendUDP, Webhook and Stream publishers emit.</li>
 * <li>A value is a JSON number, boolean or string. Whole numbers below 10<sup>15</sup> are written without a
 * fraction ({@code 3}, not {@code 3.0}); NaN and infinities, which JSON cannot carry, are written as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.</li>
 * <li>{@code ts} is epoch milliseconds.</li>
 * </ul>
 *
 * <p>Every bundle that writes JSON builds its mapper with {@link #mapper()} (or registers {@link #module()} in its
 * own), so the rules above hold for all of them.
 */
public final class RocmonJson {

    private RocmonJson() {
    }

    /** @return a new Jackson module with Rocmon's serializers */
    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("rocmon", new Version(1, 0, 0, null, "org.rocmon", "org.rocmon.json"));
        m.addSerializer(Measurement.class, new MeasurementSerializer());
        m.addSerializer(PublishedMeasurement.class, new PublishedSerializer());
        return m;
    }

    /** @return a new mapper with {@link #module()} registered */
    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(module());
    }

    /**
     * Writes a measurement's value (a number, boolean or string) by Rocmon's rules: whole numbers without a
     * fraction, non-finite numbers as strings.
     *
     * @param g the generator
     * @param value a {@link Number}, {@link Boolean} or anything else (written as its text)
     * @throws IOException from the generator
     */
    public static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                g.writeString(Double.toString(d));
            } else if (Measurement.isWhole(d)) {
                g.writeNumber((long) d);
            } else {
                g.writeNumber(d);
            }
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else {
            g.writeString(String.valueOf(value));
        }
    }

    /**
     * @param m a measurement
     * @return it as a tree, {@code {"value","ts","source","unit","state","epoch","seq"}}
     */
    public static ObjectNode tree(Measurement m) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        Object v = m.value();
        if (v instanceof Double) {
            double d = (Double) v;
            if (!Double.isFinite(d)) {
                n.put("value", Double.toString(d));
            } else if (Measurement.isWhole(d)) {
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
        putIfPresent(n, "source", m.source());
        putIfPresent(n, "unit", m.unit());
        putIfPresent(n, "state", m.state() == null ? null : m.state().name());
        if (m.epoch() != Measurement.NO_ORIGIN) {
            n.put("epoch", m.epoch());
            n.put("seq", m.seq());
        }
        return n;
    }

    private static void putIfPresent(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    static void writeOptional(JsonGenerator g, Measurement m) throws IOException {
        writeIfPresent(g, "source", m.source());
        writeIfPresent(g, "unit", m.unit());
        writeIfPresent(g, "state", m.state() == null ? null : m.state().name());
        if (m.epoch() != Measurement.NO_ORIGIN) {
            g.writeNumberField("epoch", m.epoch());
            g.writeNumberField("seq", m.seq());
        }
    }

    static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static final class MeasurementSerializer extends StdSerializer<Measurement> {

        private static final long serialVersionUID = 1L;

        MeasurementSerializer() {
            super(Measurement.class);
        }

        @Override
        public void serialize(Measurement m, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeFieldName("value");
            writeValue(g, m.value());
            g.writeNumberField("ts", m.timestamp());
            writeOptional(g, m);
            g.writeEndObject();
        }
    }

    private static final class PublishedSerializer extends StdSerializer<PublishedMeasurement> {

        private static final long serialVersionUID = 1L;

        PublishedSerializer() {
            super(PublishedMeasurement.class);
        }

        @Override
        public void serialize(PublishedMeasurement p, JsonGenerator g, SerializerProvider provider)
                throws IOException {
            Measurement m = p.measurement();
            g.writeStartObject();
            g.writeNumberField("ts", m.timestamp());
            writeIfPresent(g, "sensor", p.sensor());
            writeIfPresent(g, "channel", p.channel());
            g.writeFieldName("value");
            writeValue(g, m.value());
            writeOptional(g, m);
            g.writeEndObject();
        }
    }
}
