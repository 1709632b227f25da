package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.net.SocketException;
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
 * Traffic of one network interface: received and sent bytes and packets per second, and the errors counted since
 * the previous measure, from the deltas of /proc/net/dev. The baseline is taken in {@link #open}. (Named
 * NetInterface so as not to shadow {@link java.net.NetworkInterface}; its term is NetworkInterface.)
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = NetInterface.SCHEME, term = NetInterface.TERM, kind = MixinKind.METRIC,
        title = "Network interface bytes and packets per second and errors",
        attributes = {NetInterface.INTERFACE, NetInterface.OUTRX, NetInterface.OUTTX, NetInterface.OUTRXPACKETS,
            NetInterface.OUTTXPACKETS, NetInterface.OUTERRORS})
public class NetInterface implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "NetworkInterface";
    public static final String INTERFACE = "interface:string!|interface name as in /proc/net/dev, e.g. eth0 or lo";
    public static final String OUTRX = "outrx:out?|channel of received bytes per second";
    public static final String OUTTX = "outtx:out?|channel of sent bytes per second";
    public static final String OUTRXPACKETS = "outrxpackets:out?|channel of received packets per second";
    public static final String OUTTXPACKETS = "outtxpackets:out?|channel of sent packets per second";
    public static final String OUTERRORS = "outerrors:out?|channel of receive plus transmit errors since the previous measure";

    private static final String[] RATES = {"outrx", "outtx", "outrxpackets", "outtxpackets"};
    private static final int[] COUNTER = {NetDev.RX_BYTES, NetDev.TX_BYTES, NetDev.RX_PACKETS, NetDev.TX_PACKETS};
    private static final String[] UNIT = {"B/s", "B/s", "1/s", "1/s"};

    private final ProcSource proc;
    private final Clock clock;
    private final LongSupplier nanos;
    private Map<String, String> outs;
    private String errors;
    private String name;
    private Counters previous;

    public NetInterface() {
        this(ProcSource.system(), Clock.systemUTC(), System::nanoTime);
    }

    NetInterface(ProcSource proc, Clock clock, LongSupplier nanos) {
        this.proc = proc;
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        name = context.string("interface").trim();
        outs = Outputs.atLeastOne(context, "outrx", "outtx", "outrxpackets", "outtxpackets", "outerrors");
        errors = outs.remove("outerrors");
        Map<String, long[]> interfaces = interfaces();
        if (interfaces != null && !interfaces.containsKey(name)) {
            throw new InvalidAttributeException(p + "interface", "no network interface '" + name
                    + "' in /proc/net/dev; interfaces here: " + interfaces.keySet());
        }
        if (interfaces == null && !existsInJava(name)) {
            throw new InvalidAttributeException(p + "interface", "no network interface '" + name + "' on this host");
        }
        previous = sample(interfaces);
    }

    private static boolean existsInJava(String name) {
        try {
            return java.net.NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public void measure(Output output) {
        Map<String, long[]> interfaces = interfaces();
        if (interfaces == null) {
            throw new IllegalStateException("/proc/net/dev is not readable on this host: no interface counters");
        }
        Counters now = sample(interfaces);
        if (now == null) {
            // an interface can come and go (a VPN, a container's veth): nothing to write while it is away
            previous = null;
            return;
        }
        Counters before = previous;
        previous = now;
        if (before == null) {
            return;
        }
        long ts = clock.millis();
        for (int i = 0; i < RATES.length; i++) {
            String channel = outs.get(RATES[i]);
            double rate = now.ratePerSecond(before, COUNTER[i]);
            if (channel != null && !Double.isNaN(rate)) {
                output.write(channel, Measurement.of(rate, ts).withUnit(UNIT[i]));
            }
        }
        long rx = now.delta(before, NetDev.RX_ERRORS);
        long tx = now.delta(before, NetDev.TX_ERRORS);
        if (errors != null && rx >= 0 && tx >= 0) {
            output.write(errors, Measurement.of((double) (rx + tx), ts));
        }
    }

    private Map<String, long[]> interfaces() {
        try {
            return NetDev.parse(proc.read("net/dev"));
        } catch (IOException e) {
            return null;
        }
    }

    private Counters sample(Map<String, long[]> interfaces) {
        long[] counters = interfaces == null ? null : interfaces.get(name);
        return counters == null ? null : new Counters(counters, nanos.getAsLong());
    }
}
