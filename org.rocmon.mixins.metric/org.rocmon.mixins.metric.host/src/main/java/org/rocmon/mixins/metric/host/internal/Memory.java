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
 * Used memory of the host in percent: MemTotal - MemAvailable of /proc/meminfo (free + page cache on kernels
 * without MemAvailable), or the JVM's total and free physical memory without /proc. Optionally the available
 * bytes too.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Memory.SCHEME, term = Memory.TERM, kind = MixinKind.METRIC,
        title = "Used memory percent of the host", attributes = {Memory.OUT, Memory.OUTFREE})
public class Memory implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "Memory";
    public static final String OUT = "out:out!|channel of the used memory in percent of the total";
    public static final String OUTFREE = "outfree:out?|channel of the memory available for new work, in bytes";

    private final ProcSource proc;
    private final Clock clock;
    private String out;
    private String outFree;

    public Memory() {
        this(ProcSource.system(), Clock.systemUTC());
    }

    Memory(ProcSource proc, Clock clock) {
        this.proc = proc;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        out = context.channel("out");
        outFree = context.optionalChannel("outfree").orElse(null);
    }

    @Override
    public void measure(Output output) {
        MemInfo mem = read();
        long now = clock.millis();
        output.write(out, Measurement.of(mem.usedPercent(), now).withUnit("%"));
        if (outFree != null) {
            output.write(outFree, Measurement.of((double) mem.available, now).withUnit("B"));
        }
    }

    private MemInfo read() {
        try {
            return MemInfo.parse(proc.read("meminfo"));
        } catch (IOException | IllegalArgumentException e) {
            long total = PlatformOs.totalMemory();
            long free = PlatformOs.freeMemory();
            if (total <= 0 || free < 0) {
                throw new IllegalStateException("memory figures are not available on this host: " + e.getMessage());
            }
            return new MemInfo(total, Math.min(free, total));
        }
    }
}
