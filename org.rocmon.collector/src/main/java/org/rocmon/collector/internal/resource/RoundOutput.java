package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Output;

/**
 * Collects what one metric writes during one call. Writes to channels the metric did not declare are refused,
 * and writes after the call was abandoned (timed out) are ignored, since the round has already gone out.
 */
final class RoundOutput implements Output {

    private final Set<String> allowed;
    private final Consumer<String> onRejected;
    private final Map<String, Measurement> writes = new LinkedHashMap<>();
    private boolean valid = true;

    RoundOutput(Set<String> allowed, Consumer<String> onRejected) {
        this.allowed = allowed;
        this.onRejected = onRejected;
    }

    @Override
    public void write(String channel, Measurement measurement) {
        if (channel == null || measurement == null) {
            onRejected.accept(String.valueOf(channel));
            return;
        }
        synchronized (this) {
            if (!valid) {
                return;
            }
            if (isAllowed(channel)) {
                writes.put(channel, measurement);
                return;
            }
        }
        onRejected.accept(channel);
    }

    // The SPI lets a metric write sub-channels of its outputs (perfprefix "load" writes "load.load1").
    private boolean isAllowed(String channel) {
        if (allowed.contains(channel)) {
            return true;
        }
        int dot = channel.lastIndexOf('.');
        while (dot > 0) {
            if (allowed.contains(channel.substring(0, dot))) {
                return true;
            }
            dot = channel.lastIndexOf('.', dot - 1);
        }
        return false;
    }

    /** @return what was written; the output accepts nothing more */
    synchronized Map<String, Measurement> take() {
        valid = false;
        return writes;
    }

    synchronized void invalidate() {
        valid = false;
        writes.clear();
    }
}
