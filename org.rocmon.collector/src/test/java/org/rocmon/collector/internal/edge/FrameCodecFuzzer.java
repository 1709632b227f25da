package org.rocmon.collector.internal.edge;

import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.runtime.CollectorProtocol;

/**
 * Jazzer target for the collector side of the wire protocol: a sensor's reply text goes through
 * {@link FrameCodec#decodeAck}, which returns an ack or null and never throws; and a frame encoded from fuzzed
 * channel names and values is one JSON object carrying exactly what was given.
 */
public final class FrameCodecFuzzer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FrameCodecFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() throws Exception {
        Map<String, Measurement> data = new LinkedHashMap<>();
        data.put("a", Measurement.of(1.5, 1));
        data.put("b", Measurement.of("x", 2).withUnit("u").withState(State.OK));
        MAPPER.readTree(FrameCodec.encode("c", 1, 2, 1, data));
        FrameCodec.decodeAck("{\"ack\":1,\"epoch\":2}");
        FrameCodec.decodeAck("{");
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider in) throws Exception {
        String collector = in.consumeString(40);
        long epoch = in.consumeLong();
        long seq = in.consumeLong();
        long ts = in.consumeLong();
        Map<String, Measurement> data = new LinkedHashMap<>();
        int n = in.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            String channel = in.consumeString(20);
            long t = in.consumeBoolean() ? ts : in.consumeLong();
            Measurement m;
            switch (in.consumeInt(0, 2)) {
                case 0:
                    m = Measurement.of(in.consumeRegularDouble(), t);
                    break;
                case 1:
                    m = Measurement.of(in.consumeBoolean(), t);
                    break;
                default:
                    m = Measurement.of(in.consumeString(30), t);
                    break;
            }
            if (in.consumeBoolean()) {
                m = m.withUnit(in.consumeString(5));
            }
            if (in.consumeBoolean()) {
                m = m.withState(in.pickValue(State.values()));
            }
            data.put(channel, m);
        }
        JsonNode frame = MAPPER.readTree(FrameCodec.encode(collector, epoch, seq, ts, data));
        if (!collector.equals(frame.get(CollectorProtocol.FIELD_COLLECTOR).asText())
                || frame.get(CollectorProtocol.FIELD_SEQ).asLong() != seq
                || frame.get(CollectorProtocol.FIELD_DATA).size() != data.size()) {
            throw new IllegalStateException("the encoded frame lost what it was given: " + frame);
        }
        FrameCodec.Ack ack = FrameCodec.decodeAck(in.consumeRemainingAsString());
        if (ack != null && ack.epoch != null && ack.epoch == Long.MIN_VALUE + 1) {
            ack.toString(); // keep the result alive; decodeAck's contract is "an ack or null"
        }
    }
}
