package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
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

/**
 * Used space of the file system that holds a path, in percent as {@code df} reports it: used / (used + available
 * to unprivileged users), so the blocks reserved for root count neither as used nor as available. Optionally the
 * available and total bytes. Read through java.nio's FileStore, so it works on any platform the JVM runs on.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = DiskUsage.SCHEME, term = DiskUsage.TERM, kind = MixinKind.METRIC,
        title = "Used space of a file system", attributes = {DiskUsage.PATH, DiskUsage.OUT, DiskUsage.OUTFREE,
            DiskUsage.OUTTOTAL})
public class DiskUsage implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "DiskUsage";
    public static final String PATH = "path:string=/|absolute path of any file or folder on the file system to measure";
    public static final String OUT = "out:out!|channel of the used space in percent, as df reports it";
    public static final String OUTFREE = "outfree:out?|channel of the bytes available to unprivileged users";
    public static final String OUTTOTAL = "outtotal:out?|channel of the file system's size in bytes";

    private final SpaceSource source;
    private final Clock clock;
    private Path path;
    private String out;
    private String outFree;
    private String outTotal;

    public DiskUsage() {
        this(SpaceSource.system(), Clock.systemUTC());
    }

    DiskUsage(SpaceSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String attribute = context.attributePrefix() + "path";
        out = context.channel("out");
        outFree = Outputs.optional(context, "outfree");
        outTotal = Outputs.optional(context, "outtotal");
        String given = context.string("path").trim();
        try {
            path = Paths.get(given);
        } catch (InvalidPathException e) {
            throw new InvalidAttributeException(attribute, "'" + given + "' is not a path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw new InvalidAttributeException(attribute, "path must be absolute, not '" + given + "'");
        }
        try {
            source.space(path);
        } catch (IOException e) {
            throw new InvalidAttributeException(attribute, "cannot read the file system of '" + given + "': " + e);
        }
    }

    @Override
    public void measure(Output output) throws IOException {
        SpaceSource.Space s = source.space(path);
        long ts = clock.millis();
        long used = Math.max(0, s.total - s.unallocated);
        long base = used + s.usable;
        if (base > 0) {
            output.write(out, Measurement.of(100.0 * used / base, ts).withUnit("%"));
        }
        if (outFree != null) {
            output.write(outFree, Measurement.of((double) s.usable, ts).withUnit("B"));
        }
        if (outTotal != null) {
            output.write(outTotal, Measurement.of((double) s.total, ts).withUnit("B"));
        }
    }
}
