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
 * The host's load averages over 1, 5 and 15 minutes from /proc/loadavg. Without /proc only the 1-minute figure is
 * known (from the JVM), so {@code out5} and {@code out15} are then not written.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = LoadAverage.SCHEME, term = LoadAverage.TERM, kind = MixinKind.METRIC,
        title = "Load average of the host", attributes = {LoadAverage.OUT, LoadAverage.OUT5, LoadAverage.OUT15})
public class LoadAverage implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "LoadAverage";
    public static final String OUT = "out:out!|channel of the 1-minute load average";
    public static final String OUT5 = "out5:out|channel of the 5-minute load average";
    public static final String OUT15 = "out15:out|channel of the 15-minute load average";

    private final ProcSource proc;
    private final Clock clock;
    private String out;
    private String out5;
    private String out15;

    public LoadAverage() {
        this(ProcSource.system(), Clock.systemUTC());
    }

    LoadAverage(ProcSource proc, Clock clock) {
        this.proc = proc;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        out = context.channel("out");
        out5 = context.string("out5", null);
        out15 = context.string("out15", null);
    }

    @Override
    public void measure(Output output) {
        long now = clock.millis();
        double[] load = fromProc();
        if (load == null) {
            double one = PlatformOs.loadAverage();
            if (one < 0) {
                throw new IllegalStateException("this platform offers no load average");
            }
            output.write(out, Measurement.of(one, now));
            return;
        }
        output.write(out, Measurement.of(load[0], now));
        if (out5 != null) {
            output.write(out5, Measurement.of(load[1], now));
        }
        if (out15 != null) {
            output.write(out15, Measurement.of(load[2], now));
        }
    }

    /** @return the three averages of /proc/loadavg, or null when it cannot be read */
    private double[] fromProc() {
        try {
            String[] f = proc.read("loadavg").trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
