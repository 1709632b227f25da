package org.rocmon.sensor.internal.pipeline;

import org.rocmon.api.Measurement;

/** One value on one channel; shared by every subscriber of a fan-out, so it is immutable. */
public final class Delivery {
    final String channel;
    final Measurement measurement;

    public Delivery(String channel, Measurement measurement) {
        this.channel = channel;
        this.measurement = measurement;
    }

    public String channel() {
        return channel;
    }

    public Measurement measurement() {
        return measurement;
    }
}
