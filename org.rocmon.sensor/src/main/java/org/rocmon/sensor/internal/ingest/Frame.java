package org.rocmon.sensor.internal.ingest;

import java.util.ArrayList;
import java.util.List;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;

/** One decoded collector frame: the envelope, if any, and its channel values. */
public final class Frame {

    /** One channel value before it becomes a {@link Measurement}, which needs the source and default time. */
    static final class Value {
        final String channel;
        final Object value;
        final String unit;
        final State state;
        final long ts;

        Value(String channel, Object value, String unit, State state, long ts) {
            this.channel = channel;
            this.value = value;
            this.unit = unit;
            this.state = state;
            this.ts = ts;
        }
    }

    static final long NO_TS = Long.MIN_VALUE;

    final String collector;
    final boolean sequenced;
    final long epoch;
    final long seq;
    final long ts;
    final List<Value> values;
    final int badValues;

    Frame(String collector, boolean sequenced, long epoch, long seq, long ts, List<Value> values, int badValues) {
        this.collector = collector;
        this.sequenced = sequenced;
        this.epoch = epoch;
        this.seq = seq;
        this.ts = ts;
        this.values = values == null ? new ArrayList<>() : values;
        this.badValues = badValues;
    }

    /** @return the collector id the frame names, or null */
    public String collector() {
        return collector;
    }

    /** @return whether the frame carries epoch and seq (a bare map does not) */
    public boolean sequenced() {
        return sequenced;
    }

    public long epoch() {
        return epoch;
    }

    public long seq() {
        return seq;
    }

    /** @return number of channel values */
    public int size() {
        return values.size();
    }

    /** @return values that were dropped as malformed (null, arrays, unknown state) */
    public int badValues() {
        return badValues;
    }

    public String channel(int i) {
        return values.get(i).channel;
    }

    /**
     * @param i index
     * @param source collector id
     * @param now epoch ms, used when neither the value nor the frame has a time
     * @return the measurement
     */
    public Measurement measurement(int i, String source, long now) {
        Value v = values.get(i);
        long t = v.ts != NO_TS ? v.ts : ts != NO_TS ? ts : now;
        Measurement m = Measurement.ofObject(v.value, t).withSource(source);
        if (v.unit != null) {
            m = m.withUnit(v.unit);
        }
        if (v.state != null) {
            m = m.withState(v.state);
        }
        // the frame's identity travels with its values, so that a receiver can drop what a crash made us send twice
        if (sequenced && epoch >= 0 && seq >= 0) {
            m = m.withOrigin(epoch, seq);
        }
        return m;
    }
}
