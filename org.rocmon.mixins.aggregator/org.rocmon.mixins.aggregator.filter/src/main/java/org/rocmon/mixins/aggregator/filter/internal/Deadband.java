package org.rocmon.mixins.aggregator.filter.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Report on change: forwards a measurement only when its value moved more than the dead band from the last one
 * forwarded for the same source (text and booleans: when it differs), or when that source was silent on the
 * output for {@code maxsilence} seconds of measurement time.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Deadband.SCHEME, term = Deadband.TERM, kind = MixinKind.AGGREGATOR,
        title = "Forward on change beyond a dead band", attributes = {Deadband.INPUT, Deadband.OUTPUT,
            Deadband.DEADBAND, Deadband.MAXSILENCE})
public class Deadband implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Deadband";
    public static final String INPUT = "input:in!|channel to filter";
    public static final String OUTPUT = "output:out!|channel the changes are written to";
    public static final String DEADBAND = "deadband:number[0,]=0|forward when |x - last forwarded| > deadband;"
            + " 0 forwards any change";
    public static final String MAXSILENCE = "maxsilence:number[0,]=0|seconds after which a value is forwarded even"
            + " without change; 0 never";

    /** More sources than this are refused: each holds a last value, and sources come from the network. */
    static final int MAX_SOURCES = 10_000;

    private String input;
    private String output;
    private double deadband;
    private long maxSilenceMillis;
    private final Map<String, Last> lastBySource = new HashMap<>();

    /** What was last forwarded for one source; mutated in place so steady state allocates nothing. */
    private static final class Last {
        Object value;
        long timestamp;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        input = context.channel("input");
        output = context.channel("output");
        // Both at least 0: the host checks the ranges of the specs above.
        deadband = context.number("deadband");
        maxSilenceMillis = Math.round(context.number("maxsilence") * 1000);
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        Last last = lastBySource.get(measurement.source());
        if (last == null) {
            if (lastBySource.size() >= MAX_SOURCES) {
                throw new IllegalArgumentException("Deadband keeps at most " + MAX_SOURCES
                        + " sources; measurement from new source '" + measurement.source() + "' refused");
            }
            last = new Last();
            lastBySource.put(measurement.source(), last);
        } else if (!changed(last.value, measurement.value())
                && !(maxSilenceMillis > 0 && measurement.timestamp() - last.timestamp >= maxSilenceMillis)) {
            return;
        }
        last.value = measurement.value();
        last.timestamp = measurement.timestamp();
        out.write(output, measurement);
    }

    private boolean changed(Object before, Object now) {
        if (before instanceof Double && now instanceof Double) {
            double a = (Double) before;
            double b = (Double) now;
            // NaN never equals itself: a NaN after a NaN is no change, a NaN after a number is one.
            if (Double.isNaN(a) || Double.isNaN(b)) {
                return Double.isNaN(a) != Double.isNaN(b);
            }
            return Math.abs(b - a) > deadband;
        }
        return !before.equals(now);
    }
}
