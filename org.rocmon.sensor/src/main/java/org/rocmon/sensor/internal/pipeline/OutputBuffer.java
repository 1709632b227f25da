package org.rocmon.sensor.internal.pipeline;

import java.util.Arrays;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Output;

/**
 * The {@link Output} a {@link Stage} gives its aggregator: what it writes goes back into the sensor's channels,
 * buffered for the turn so that downstream stages get one batch per turn instead of one lock per value. Used only on
 * the stage's actor thread, so it needs no locks.
 */
final class OutputBuffer implements Output {

    private final Router router;
    private final Counters counters;
    private final Counters sensorCounters;
    private String[] channels = new String[16];
    private Measurement[] values = new Measurement[16];
    private int count;
    /** Journal position the current turn's outputs carry (0: none). */
    private long pos;

    OutputBuffer(Router router, Counters counters, Counters sensorCounters) {
        this.router = router;
        this.counters = counters;
        this.sensorCounters = sensorCounters;
    }

    /** @param pos the journal position what is written from now on carries (0: none) */
    void position(long pos) {
        this.pos = pos;
    }

    @Override
    public void write(String channel, Measurement m) {
        if (channel == null || m == null) {
            counters.rejected.increment();
            sensorCounters.rejected.increment();
            return;
        }
        if (count == channels.length) {
            if (count >= Stage.BATCH * 4) {
                flush(); // a mixin writing many values per call: keep the buffer bounded
            } else {
                channels = Arrays.copyOf(channels, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
        }
        channels[count] = channel;
        values[count] = m;
        count++;
    }

    /** Writes what was buffered to the router in one go. */
    void flush() {
        int n = count;
        if (n == 0) {
            return;
        }
        count = 0;
        counters.out.add(n);
        sensorCounters.out.add(n);
        router.writeAll(channels, values, n, pos);
        Arrays.fill(values, 0, n, null);
    }
}
