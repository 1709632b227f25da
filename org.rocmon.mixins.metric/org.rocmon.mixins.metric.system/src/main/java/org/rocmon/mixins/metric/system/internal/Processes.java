package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

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
 * Process counts of the host: all processes, runnable tasks (/proc/stat {@code procs_running}), and optionally the
 * processes whose command name equals {@code name} (e.g. "is nginx still running, and how many workers?"). Without
 * /proc it counts through the JVM's ProcessHandle, which knows no runnable figure.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Processes.SCHEME, term = Processes.TERM, kind = MixinKind.METRIC,
        title = "Process counts of the host", attributes = {Processes.OUT, Processes.OUTRUNNING, Processes.NAME,
            Processes.OUTNAMED})
public class Processes implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "Processes";
    public static final String OUT = "out:out!|channel of the number of processes";
    public static final String OUTRUNNING = "outrunning:out?|channel of the number of runnable tasks";
    public static final String NAME = "name:string|command name to count (the kernel's comm, at most 15 characters)";
    public static final String OUTNAMED = "outnamed:out?|channel of the number of processes whose command name equals name";

    /** The kernel truncates comm to 15 characters; a longer name could never match. */
    private static final int COMM_MAX = 15;

    private final ProcessTable table;
    private final Clock clock;
    private String out;
    private String outRunning;
    private String name;
    private String outNamed;

    public Processes() {
        this(ProcessTable.system(), Clock.systemUTC());
    }

    Processes(ProcessTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        out = context.channel("out");
        outRunning = Outputs.optional(context, "outrunning");
        outNamed = Outputs.optional(context, "outnamed");
        String given = context.string("name", null);
        name = given == null || given.isBlank() ? null : given.trim();
        if (outNamed != null && name == null) {
            throw new InvalidAttributeException(p + "name", "outnamed needs the command name to count in " + p
                    + "name");
        }
        if (name != null && outNamed == null) {
            throw new InvalidAttributeException(p + "outnamed", "name '" + name + "' is given but no channel "
                    + p + "outnamed to write its count to");
        }
        if (name != null && (name.length() > COMM_MAX || name.contains("/"))) {
            throw new InvalidAttributeException(p + "name", "a command name is at most " + COMM_MAX
                    + " characters without '/', as the kernel keeps it; not '" + name + "'");
        }
    }

    @Override
    public void measure(Output output) throws IOException {
        List<String> names = table.names();
        long ts = clock.millis();
        output.write(out, Measurement.of((double) names.size(), ts));
        if (outRunning != null) {
            int running = table.running();
            if (running >= 0) {
                output.write(outRunning, Measurement.of((double) running, ts));
            }
        }
        if (outNamed != null) {
            long n = names.stream().filter(name::equals).count();
            output.write(outNamed, Measurement.of((double) n, ts));
        }
    }
}
