package org.rocmon.collector.internal.edge;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.json.RocmonJson;

/** Writes collector frames and reads sensor replies of the collector wire protocol (see docs/protocol.md). */
final class FrameCodec {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private FrameCodec() {
    }

    /**
     * @return {@code {"collector","epoch","seq","ts","data"}}; a value is written bare unless it carries a unit,
     *         a state or a timestamp other than the frame's
     */
    static String encode(String collector, long epoch, long seq, long ts, Map<String, Measurement> data) {
        StringWriter out = new StringWriter(64 + 32 * data.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(CollectorProtocol.FIELD_COLLECTOR, collector);
            g.writeNumberField(CollectorProtocol.FIELD_EPOCH, epoch);
            g.writeNumberField(CollectorProtocol.FIELD_SEQ, seq);
            g.writeNumberField(CollectorProtocol.FIELD_TIMESTAMP, ts);
            g.writeObjectFieldStart(CollectorProtocol.FIELD_DATA);
            for (Map.Entry<String, Measurement> e : data.entrySet()) {
                Measurement m = e.getValue();
                g.writeFieldName(e.getKey());
                boolean bare = m.unit() == null && m.state() == null && m.timestamp() == ts;
                if (bare) {
                    RocmonJson.writeValue(g, m.value());
                } else {
                    g.writeStartObject();
                    g.writeFieldName(CollectorProtocol.VALUE);
                    RocmonJson.writeValue(g, m.value());
                    if (m.unit() != null) {
                        g.writeStringField(CollectorProtocol.UNIT, m.unit());
                    }
                    if (m.state() != null) {
                        g.writeStringField(CollectorProtocol.STATE, m.state().name());
                    }
                    if (m.timestamp() != ts) {
                        g.writeNumberField(CollectorProtocol.FIELD_TIMESTAMP, m.timestamp());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A sensor reply: the highest accepted sequence number and the epoch it belongs to. */
    static final class Ack {
        final long seq;
        final Long epoch;

        Ack(long seq, Long epoch) {
            this.seq = seq;
            this.epoch = epoch;
        }
    }

    /** @return the ack in a reply, or {@code null} when the text is not an ack */
    static Ack decodeAck(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject() || !node.path(CollectorProtocol.FIELD_ACK).isNumber()) {
                return null;
            }
            JsonNode epoch = node.path(CollectorProtocol.FIELD_EPOCH);
            return new Ack(node.get(CollectorProtocol.FIELD_ACK).asLong(), epoch.isNumber() ? epoch.asLong() : null);
        } catch (IOException e) {
            return null;
        }
    }
}
