package org.rocmon.mixins.metric.reachable.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Whether a host answers within {@code maxdelay} milliseconds, with {@link InetAddress#isReachable(int)} (ICMP echo
 * when the JVM may send it, else a TCP connection to port 7, where a refusal also proves the host is up).
 *
 * <p>Every failure to reach the host is a measurement, not an error: {@code false} with state CRITICAL when it does
 * not answer in time, {@code false} with state UNKNOWN when the name does not resolve. The name is resolved on every
 * measure (the JVM caches lookups) and the lookup time is taken from the {@code maxdelay} budget; a system resolver
 * that hangs cannot be cut short without a thread, so IP literals are the way to a strict bound.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = IsReachable.SCHEME, term = IsReachable.TERM, kind = MixinKind.METRIC,
        title = "Whether a host answers within a maximum delay",
        attributes = {IsReachable.HOSTNAME, IsReachable.MAXDELAY, IsReachable.OUT, IsReachable.DELAY})
public class IsReachable implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "IsReachable";
    public static final String HOSTNAME = "hostname:string!|host name or IP address to probe";
    public static final String MAXDELAY = "maxdelay:integer[1,60000]=1000|milliseconds to wait for an answer";
    public static final String OUT = "out:out!|channel of true (answered in time) or false";
    public static final String DELAY = "delay:out?|channel of the time to an answer in ms (lookup included), written only when reachable";

    /** A probe longer than a minute would outlive any sensible collector period. */
    private static final int MAX_HOSTNAME = 253;

    private String hostname;
    private long maxDelay;
    private String out;
    private String delay;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        hostname = context.string("hostname").trim();
        if (hostname.length() > MAX_HOSTNAME || !hostname.matches("[A-Za-z0-9.:%_\\-\\[\\]]+")) {
            throw new InvalidAttributeException(p + "hostname",
                    "attribute '" + p + "hostname' must be a host name or IP address, not '" + hostname + "'");
        }
        if (hostname.startsWith("[") && hostname.endsWith("]")) {
            hostname = hostname.substring(1, hostname.length() - 1);
        }
        maxDelay = context.integer("maxdelay"); // 1..60000: checked by the host (MAXDELAY)
        out = context.channel("out");
        delay = context.optionalChannel("delay").orElse(null);
    }

    @Override
    public void measure(Output output) {
        long ts = System.currentTimeMillis();
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(hostname);
        } catch (UnknownHostException e) {
            output.write(out, Measurement.of(false, ts).withState(State.UNKNOWN));
            return;
        }
        long left = maxDelay - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        boolean reachable;
        try {
            reachable = left > 0 && address.isReachable((int) left);
        } catch (IOException e) {
            // e.g. "network is unreachable": the host cannot be reached, which is what this metric reports
            reachable = false;
        }
        double elapsed = (System.nanoTime() - start) / 1e6;
        // isReachable may round its timeout up; an answer after maxdelay does not count as in time
        reachable = reachable && elapsed <= maxDelay;
        output.write(out, Measurement.of(reachable, ts).withState(reachable ? State.OK : State.CRITICAL));
        if (reachable && delay != null) {
            output.write(delay, Measurement.of(elapsed, ts).withUnit("ms"));
        }
    }
}
