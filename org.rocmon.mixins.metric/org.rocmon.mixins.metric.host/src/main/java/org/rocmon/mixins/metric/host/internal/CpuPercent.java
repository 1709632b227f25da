package org.rocmon.mixins.metric.host.internal;

import java.io.IOException;
import java.time.Clock;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.mixin.ProcSource;

/**
 * CPU busy percent of the host over the interval since the previous measure. On Linux it takes the deltas of the
 * {@code cpu} line of /proc/stat; the baseline sample is taken in {@link #open}. A value covers at least
 * {@link #MIN_JIFFIES_PER_CPU} jiffies (0.1 s at the usual 100 Hz) of every CPU: a measure sooner than that after
 * the baseline writes nothing and keeps the baseline, so the first value of a collector that measures at once after
 * open is not a percent of a few milliseconds (which read 100 % on an idle host).
 * Without /proc it falls back to the JVM's host CPU load, which writes nothing while the JVM does not know it yet.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = CpuPercent.SCHEME, term = CpuPercent.TERM, kind = MixinKind.METRIC,
        title = "CPU busy percent of the host", attributes = {CpuPercent.OUT})
public class CpuPercent implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "CPUPercent";
    public static final String OUT = "out:out!|channel of the CPU busy percent since the previous measure";
    static final String UNIT = "%";
    /** Shortest interval a value covers, in jiffies of one CPU. */
    static final long MIN_JIFFIES_PER_CPU = 10;

    private final ProcSource proc;
    private final Clock clock;
    private String out;
    private CpuTimes previous;

    public CpuPercent() {
        this(ProcSource.system(), Clock.systemUTC());
    }

    CpuPercent(ProcSource proc, Clock clock) {
        this.proc = proc;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        out = context.channel("out");
        previous = sample();
    }

    @Override
    public void measure(Output output) {
        double percent;
        if (previous != null) {
            CpuTimes now = sample();
            if (now == null || !now.coversAtLeast(previous, MIN_JIFFIES_PER_CPU)) {
                return;
            }
            percent = now.percentSince(previous);
            previous = now;
        } else {
            double load = PlatformOs.cpuLoad();
            percent = load < 0 ? Double.NaN : Math.min(100.0, load * 100.0);
        }
        if (!Double.isNaN(percent)) {
            output.write(out, Measurement.of(percent, clock.millis()).withUnit(UNIT));
        }
    }

    /** @return the /proc/stat counters, or null when this host has none (then the MXBean is used) */
    private CpuTimes sample() {
        try {
            return CpuTimes.parse(proc.read("stat"));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
