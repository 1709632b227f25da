package org.rocmon.mixins.publisher.udp.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.rocmon.api.Measurement;

/**
 * One measurement as a single-line JSON object, fields in a fixed order and absent ones omitted:
 * {@code {"ts":..,"sensor":..,"channel":..,"value":..,"source":..,"unit":..,"state":..}}. Whole numbers are written
 * without a fraction, as everywhere else in Rocmon.
 */
final class MeasurementJson {

    private final JsonFactory json = new JsonFactory();

    /**
     * @param sensor id of the sensor that publishes
     * @param channel the channel the measurement came on
     * @param m the measurement
     * @return the JSON text, without a line end
     */
    String format(String sensor, String channel, Measurement m) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = json.createGenerator(text)) {
            g.writeStartObject();
            g.writeNumberField("ts", m.timestamp());
            writeIfPresent(g, "sensor", sensor);
            writeIfPresent(g, "channel", channel);
            g.writeFieldName("value");
            writeValue(g, m.value());
            writeIfPresent(g, "source", m.source());
            writeIfPresent(g, "unit", m.unit());
            writeIfPresent(g, "state", m.state() == null ? null : m.state().name());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
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
    }
}
