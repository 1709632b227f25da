package org.rocmon.sensor.internal.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a sensor or a stage; LongAdder because many ingest threads bump them at once. */
public final class Counters {
    public final LongAdder in = new LongAdder();
    public final LongAdder out = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder unrouted = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder hangs = new LongAdder();
    /** Frames whose ack was withheld because a stage they reached was congested (backpressure). */
    public final LongAdder withheld = new LongAdder();

    /** @return the counters by name, in a stable order */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("in", in.sum());
        m.put("out", out.sum());
        m.put("dropped", dropped.sum());
        m.put("errors", errors.sum());
        m.put("rejected", rejected.sum());
        m.put("unrouted", unrouted.sum());
        m.put("duplicates", duplicates.sum());
        m.put("hangs", hangs.sum());
        m.put("withheld", withheld.sum());
        return m;
    }
}
