package org.rocmon.collector.internal.resource;

import java.util.List;
import java.util.Set;

import org.rocmon.api.mixin.Metric;
import org.rocmon.api.runtime.MixinInstance;

/**
 * One opened metric and the guarantee the SPI gives it: never two calls at once. A call that hangs keeps the slot
 * busy, so later rounds skip it; a retired slot is closed as soon as no call is running on it.
 */
final class MetricSlot {

    final MixinInstance<Metric> instance;
    final Set<String> outputs;
    /** An asynchronous metric that was slow to return from starting a measurement: called on the workers. */
    volatile boolean blocking;
    private boolean busy;
    private boolean retired;
    private boolean closed;

    MetricSlot(MixinInstance<Metric> instance) {
        this.instance = instance;
        List<String> out = instance.outputs();
        this.outputs = out == null ? Set.of() : Set.copyOf(out);
    }

    String mixin() {
        return instance.info() != null && instance.info().id != null ? instance.info().id : "?";
    }

    synchronized boolean tryAcquire() {
        if (busy || retired) {
            return false;
        }
        busy = true;
        return true;
    }

    synchronized boolean busy() {
        return busy;
    }

    void release() {
        boolean close;
        synchronized (this) {
            busy = false;
            close = retired && !closed;
            closed |= close;
        }
        if (close) {
            instance.close();
        }
    }

    /** No new calls; closes now, or when the running call returns. */
    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = !busy && !closed;
            closed |= close;
        }
        if (close) {
            instance.close();
        }
    }
}
