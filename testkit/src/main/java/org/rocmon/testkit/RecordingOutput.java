package org.rocmon.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Output;

/** An output that keeps what was written: the last measurement by channel, and the channels in write order. */
public final class RecordingOutput implements Output {

    /** The last measurement written on each channel, in first-write order. */
    public final Map<String, Measurement> written = new LinkedHashMap<>();
    /** Every channel written, in order, repeats included. */
    public final List<String> order = new ArrayList<>();

    @Override
    public void write(String channel, Measurement measurement) {
        order.add(channel);
        written.put(channel, measurement);
    }

    /** @return the last measurement on the channel; fails if nothing was written there */
    public Measurement get(String channel) {
        Measurement m = written.get(channel);
        if (m == null) {
            throw new AssertionError("nothing written on '" + channel + "'; written: " + written);
        }
        return m;
    }
}
