package org.rocmon.sensor.internal.pipeline;

import org.rocmon.api.Measurement;

/** One value on one channel; shared by every subscriber of a fan-out, so it is immutable. */
public final class Delivery {
    final String channel;
    final Measurement measurement;
    /** Position in the sensor's ingest journal of the frame it comes from, 0 when it is not journaled. */
    final long pos;

    public Delivery(String channel, Measurement measurement) {
        this(channel, measurement, 0);
    }

    public Delivery(String channel, Measurement measurement, long pos) {
        this.channel = channel;
        this.measurement = measurement;
        this.pos = pos;
    }

    /** @return the journal position of its frame, 0 when none */
    public long pos() {
        return pos;
    }

    public String channel() {
        return channel;
    }

    public Measurement measurement() {
        return measurement;
    }
}
