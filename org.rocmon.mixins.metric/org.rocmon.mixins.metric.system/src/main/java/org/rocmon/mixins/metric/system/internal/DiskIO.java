package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;

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
 * Disk throughput and operations per second of one block device (or of all whole disks), from the deltas of
 * /proc/diskstats between measures. The baseline is taken in {@link #open}, so the first measure already covers the
 * time since open. A counter that went back (device replaced) skips that value.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = DiskIO.SCHEME, term = DiskIO.TERM, kind = MixinKind.METRIC,
        title = "Disk read/write bytes and operations per second",
        attributes = {DiskIO.DEVICE, DiskIO.OUTREAD, DiskIO.OUTWRITE, DiskIO.OUTREADOPS, DiskIO.OUTWRITEOPS})
public class DiskIO implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "DiskIO";
    public static final String DEVICE = "device:string|block device name as in /proc/diskstats (sda, nvme0n1); default: all whole disks";
    public static final String OUTREAD = "outread:out?|channel of bytes read per second";
    public static final String OUTWRITE = "outwrite:out?|channel of bytes written per second";
    public static final String OUTREADOPS = "outreadops:out?|channel of completed reads per second";
    public static final String OUTWRITEOPS = "outwriteops:out?|channel of completed writes per second";

    private static final String[] OUTS = {"outread", "outwrite", "outreadops", "outwriteops"};
    private static final int[] COUNTER = {DiskStats.READ_BYTES, DiskStats.WRITE_BYTES, DiskStats.READS,
        DiskStats.WRITES};
    private static final String[] UNIT = {"B/s", "B/s", "1/s", "1/s"};

    private final ProcSource proc;
    private final Clock clock;
    private final LongSupplier nanos;
    private Map<String, String> outs;
    private String device;
    private Counters previous;

    public DiskIO() {
        this(ProcSource.system(), Clock.systemUTC(), System::nanoTime);
    }

    DiskIO(ProcSource proc, Clock clock, LongSupplier nanos) {
        this.proc = proc;
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        outs = Outputs.atLeastOne(context, OUTS);
        String given = context.string("device", null);
        device = given == null || given.isBlank() ? null : given.trim();
        Map<String, long[]> devices = devices();
        if (device != null && devices != null && !devices.containsKey(device)) {
            throw new InvalidAttributeException(context.attributePrefix() + "device", "no block device '" + device
                    + "' in /proc/diskstats; devices here: " + devices.keySet());
        }
        previous = sample(devices);
    }

    @Override
    public void measure(Output output) {
        Map<String, long[]> devices = devices();
        if (devices == null) {
            throw new IllegalStateException("/proc/diskstats is not readable on this host: no disk I/O figures");
        }
        Counters now = sample(devices);
        if (now == null) {
            throw new IllegalStateException("block device '" + device + "' is gone from /proc/diskstats");
        }
        Counters before = previous;
        previous = now;
        if (before == null) {
            return;
        }
        long ts = clock.millis();
        for (int i = 0; i < OUTS.length; i++) {
            String channel = outs.get(OUTS[i]);
            double rate = now.ratePerSecond(before, COUNTER[i]);
            if (channel != null && !Double.isNaN(rate)) {
                output.write(channel, Measurement.of(rate, ts).withUnit(UNIT[i]));
            }
        }
    }

    private Map<String, long[]> devices() {
        try {
            return DiskStats.parse(proc.read("diskstats"));
        } catch (IOException e) {
            return null;
        }
    }

    private Counters sample(Map<String, long[]> devices) {
        long[] counters = devices == null ? null : DiskStats.select(devices, device);
        return counters == null ? null : new Counters(counters, nanos.getAsLong());
    }
}
