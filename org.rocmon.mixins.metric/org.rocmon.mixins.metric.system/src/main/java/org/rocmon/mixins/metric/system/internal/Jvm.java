package org.rocmon.mixins.metric.system.internal;

import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * The Rocmon runtime's own JVM: heap used and maximum, live threads, and garbage collections and their time since
 * the previous measure (summed over the collectors), through java.lang.management. The GC baseline is taken in
 * {@link #open}.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Jvm.SCHEME, term = Jvm.TERM, kind = MixinKind.METRIC,
        title = "Heap, threads and garbage collection of the runtime's JVM",
        attributes = {Jvm.OUTHEAP, Jvm.OUTHEAPMAX, Jvm.OUTTHREADS, Jvm.OUTGCCOUNT, Jvm.OUTGCTIME})
public class Jvm implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "JVM";
    public static final String OUTHEAP = "outheap:out?|channel of the heap in use, in bytes";
    public static final String OUTHEAPMAX = "outheapmax:out?|channel of the heap's maximum size, in bytes";
    public static final String OUTTHREADS = "outthreads:out?|channel of the number of live threads";
    public static final String OUTGCCOUNT = "outgccount:out?|channel of garbage collections since the previous measure";
    public static final String OUTGCTIME = "outgctime:out?|channel of milliseconds spent collecting since the previous measure";

    private final JvmSource source;
    private final Clock clock;
    private Map<String, String> outs;
    private JvmSource.Sample previous;

    public Jvm() {
        this(JvmSource.platform(), Clock.systemUTC());
    }

    Jvm(JvmSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        outs = Outputs.atLeastOne(context, "outheap", "outheapmax", "outthreads", "outgccount", "outgctime");
        previous = source.sample();
    }

    @Override
    public void measure(Output output) {
        JvmSource.Sample now = source.sample();
        JvmSource.Sample before = previous;
        previous = now;
        long ts = clock.millis();
        write(output, "outheap", now.heapUsed, ts, "B");
        write(output, "outheapmax", now.heapMax, ts, "B");
        write(output, "outthreads", now.threads, ts, null);
        long count = now.gcCount - before.gcCount;
        long millis = now.gcMillis - before.gcMillis;
        // counters only go back if a collector bean vanished; skip that one value rather than write a negative
        if (count >= 0 && millis >= 0) {
            write(output, "outgccount", count, ts, null);
            write(output, "outgctime", millis, ts, "ms");
        }
    }

    private void write(Output output, String attribute, long value, long ts, String unit) {
        String channel = outs.get(attribute);
        if (channel != null && value >= 0) {
            Measurement m = Measurement.of((double) value, ts);
            output.write(channel, unit == null ? m : m.withUnit(unit));
        }
    }
}
