package org.rocmon.mixins.publisher.webhook.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.rocmon.api.Measurement;

/**
 * The JSON body of one callback: {@code {"sensor":..,"dropped":N,"measurements":[{...}, ...]}}, each measurement in
 * the object form the Log and SendUDP publishers write: {@code {"ts","sensor","channel","value","source","unit",
 * "state"}}, absent fields omitted, whole numbers without a fraction, NaN and infinities as strings.
 */
final class Payload {

    /** One queued measurement and the channel it came on. */
    static final class Entry {
        final String channel;
        final Measurement measurement;

        Entry(String channel, Measurement measurement) {
            this.channel = channel;
            this.measurement = measurement;
        }
    }

    private final JsonFactory json = new JsonFactory();

    String format(String sensor, long dropped, List<Entry> entries) {
        StringWriter text = new StringWriter(64 + entries.size() * 96);
        try (JsonGenerator g = json.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("sensor", sensor);
            g.writeNumberField("dropped", dropped);
            g.writeArrayFieldStart("measurements");
            for (Entry e : entries) {
                write(g, sensor, e.channel, e.measurement);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void write(JsonGenerator g, String sensor, String channel, Measurement m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("ts", m.timestamp());
        g.writeStringField("sensor", sensor);
        g.writeStringField("channel", channel);
        g.writeFieldName("value");
        Object value = m.value();
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                g.writeNumber((long) d);
            } else {
                g.writeNumber(d); // NaN and infinities become strings: JSON has no token for them
            }
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else {
            g.writeString(value.toString());
        }
        if (m.source() != null) {
            g.writeStringField("source", m.source());
        }
        if (m.unit() != null) {
            g.writeStringField("unit", m.unit());
        }
        if (m.state() != null) {
            g.writeStringField("state", m.state().name());
        }
        g.writeEndObject();
    }
}
