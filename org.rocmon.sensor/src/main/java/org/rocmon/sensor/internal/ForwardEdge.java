package org.rocmon.sensor.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.model.EdgeSpec;
import org.rocmon.sensor.internal.pipeline.Counters;
import org.rocmon.sensor.internal.pipeline.Delivery;
import org.rocmon.sensor.internal.pipeline.Subscriber;

/**
 * A sensor-to-sensor collector: subscribes to channels of this sensor, keeps the latest value per channel and
 * sends them as one frame every collector period through a {@link CollectorEdge} to the parent sensor.
 */
final class ForwardEdge implements Subscriber, AutoCloseable {

    private final EdgeSpec spec;
    private final CollectorEdge edge;
    private final long definedAt;
    private final Map<String, Measurement> pending = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private final ScheduledFuture<?> flusher;
    /** Stopped: values are dropped. Paused: the latest value per channel is held and sent on resume. */
    private volatile ControlState control = ControlState.RUNNING;
    /** The sensor's alarm report waiting for the next flush (AlarmWatch); not a value, so not counted. */
    private volatile Measurement alarms;

    ForwardEdge(EdgeSpec spec, CollectorEdge edge, ScheduledExecutorService scheduler) {
        this.spec = spec;
        this.edge = edge;
        this.definedAt = System.currentTimeMillis();
        long period = Math.max(5, spec.periodMillis);
        this.flusher = scheduler.scheduleAtFixedRate(this::flush, period, period, TimeUnit.MILLISECONDS);
    }

    EdgeSpec spec() {
        return spec;
    }

    /** @return the channels asked for; empty means all aggregator outputs */
    List<String> channels() {
        return spec.channels;
    }

    ControlState control() {
        return control;
    }

    void control(ControlState state) {
        control = state;
        if (state == ControlState.STOPPED) {
            counters.dropped.add(pending.size());
            pending.clear();
        }
    }

    @Override
    public void offer(Delivery d) {
        if (control == ControlState.STOPPED) {
            counters.dropped.increment();
            return;
        }
        if (spec.window.suspension(System.currentTimeMillis(), definedAt) != null) {
            counters.dropped.increment();
            return;
        }
        counters.in.increment();
        if (pending.put(d.channel(), d.measurement()) != null) {
            counters.dropped.increment(); // superseded within the period: only the latest value travels
        }
    }

    /** Sends the sensor's alarm report up with the next frame, or in a frame of its own when nothing else goes. */
    void alarms(Measurement report) {
        alarms = report;
    }

    void flush() {
        if ((pending.isEmpty() && alarms == null) || control != ControlState.RUNNING) {
            return;
        }
        if (pending.isEmpty() && !linkUp()) {
            return; // a report alone waits for the link rather than take a place in the edge's buffer
        }
        Map<String, Measurement> frame = new LinkedHashMap<>();
        Measurement report = alarms;
        alarms = null;
        for (String ch : pending.keySet()) {
            Measurement m = pending.remove(ch);
            if (m != null) {
                frame.put(ch, m);
            }
        }
        int values = frame.size();
        if (report != null) {
            frame.put(org.rocmon.sensor.internal.alarm.SensorAlarms.UPWARD, report);
        }
        if (frame.isEmpty()) {
            return;
        }
        try {
            edge.send(frame);
            counters.out.add(values);
        } catch (RuntimeException e) {
            counters.errors.increment();
        }
    }

    private boolean linkUp() {
        try {
            return "connected".equals(edge.status().state);
        } catch (RuntimeException e) {
            return false;
        }
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", spec.id);
        s.put("state", control.wire());
        s.put("target", spec.target);
        s.put("uri", spec.uri.toString());
        s.put("channels", spec.channels.isEmpty() ? "aggregator outputs" : spec.channels);
        s.put("counters", counters.snapshot());
        try {
            s.put("edge", edge.status());
        } catch (RuntimeException e) {
            s.put("edge", null);
        }
        return s;
    }

    @Override
    public void close() {
        close(false);
    }

    /** @param release the edge's collector stays: a durable edge keeps its unacknowledged frames */
    void close(boolean release) {
        flusher.cancel(false);
        pending.clear();
        try {
            if (release) {
                edge.release();
            } else {
                edge.close();
            }
        } catch (RuntimeException e) {
            // idempotent by contract; nothing more to release
        }
    }
}
