package org.rocmon.bench.bare;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.bench.histogram.LogHistogram;

/**
 * What the baseline does with one frame, and nothing more: parse it with Jackson (a tree, as a plain JSON
 * endpoint would), count the frame and its channel values, record end-to-end latency from the frame's "ts", and
 * answer the ack the sensor would send. Shared by all connections; thread-safe.
 */
public final class FrameSink {

    private final ObjectMapper mapper = new ObjectMapper();
    private final LongSupplier clock;
    private final LongAdder frames = new LongAdder();
    private final LongAdder measurements = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LogHistogram latencyMicros = new LogHistogram();

    public FrameSink(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * @param text one text frame
     * @return the ack to send back, or {@code null} when the frame is not an object
     */
    public String take(String text) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (IOException e) {
            rejected.increment();
            return null;
        }
        if (frame == null || !frame.isObject()) {
            rejected.increment();
            return null;
        }
        frames.increment();
        JsonNode data = frame.get("data");
        if (data == null) {
            // A bare {channel: value} map, as the sensor also accepts.
            measurements.add(frame.size());
            return "{\"ack\":0}";
        }
        measurements.add(data.size());
        JsonNode ts = frame.get("ts");
        if (ts != null && ts.canConvertToLong()) {
            long micros = (clock.getAsLong() - ts.asLong()) * 1000L;
            for (int i = data.size(); i > 0; i--) {
                latencyMicros.record(micros);
            }
        }
        return "{\"ack\":" + frame.path("seq").asLong() + ",\"epoch\":" + frame.path("epoch").asLong() + "}";
    }

    /**
     * @param now epoch ms of the summary
     * @return the same summary line as the counting publisher writes, plus frame counts
     */
    public String summary(long now) {
        long[] snapshot = latencyMicros.snapshot();
        return "{\"count\":" + measurements.sum() + ",\"frames\":" + frames.sum() + ",\"rejected\":" + rejected.sum()
                + ",\"ts\":" + now + ",\"p50us\":" + LogHistogram.percentile(snapshot, 50)
                + ",\"p99us\":" + LogHistogram.percentile(snapshot, 99)
                + ",\"hist\":" + LogHistogram.toJson(snapshot) + "}\n";
    }
}
