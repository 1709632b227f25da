package org.rocmon.mixins.metric.net.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Whether a TCP port accepts connections, and how long the connect took. The connect runs on the collector's
 * thread, bounded by {@code timeout}; the socket is closed at once (nothing is sent). A refused, unreachable or
 * timed-out connect is a measurement ({@code false}, state CRITICAL), not an error.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = TcpConnect.SCHEME, term = TcpConnect.TERM, kind = MixinKind.METRIC,
        title = "Whether a TCP port accepts connections, and the connect latency",
        attributes = {TcpConnect.HOSTNAME, TcpConnect.PORT, TcpConnect.TIMEOUT, TcpConnect.OUT, TcpConnect.OUTLATENCY})
public class TcpConnect implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "TCPConnect";
    public static final String HOSTNAME = "hostname:string!|host name or IP address to connect to";
    public static final String PORT = "port:integer![1,65535]|TCP port";
    public static final String TIMEOUT = "timeout:number(0,600]=5|seconds before the connect counts as failed";
    public static final String OUT = "out:out!|channel of true when the connect succeeded (state OK) or false (CRITICAL)";
    public static final String OUTLATENCY = "outlatency:out?|channel of the connect time in milliseconds, when it succeeded";

    private static final Logger LOG = LoggerFactory.getLogger(TcpConnect.class);

    private final Clock clock;
    private final LongSupplier nanos;
    private String host;
    private int port;
    private int timeoutMillis;
    private String out;
    private String outLatency;
    private String who;
    private boolean failing;

    public TcpConnect() {
        this(Clock.systemUTC(), System::nanoTime);
    }

    TcpConnect(Clock clock, LongSupplier nanos) {
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        host = context.string("hostname").trim();
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new InvalidAttributeException(p + "hostname", "'" + host + "' is not a host name or IP address");
        }
        port = (int) context.integer("port"); // port and timeout: ranges checked by the host (specs above)
        timeoutMillis = Timeouts.millis(context);
        out = context.channel("out");
        outLatency = context.optionalChannel("outlatency").orElse(null);
        who = TERM + " of collector " + context.entityId() + " to " + host + ":" + port;
    }

    @Override
    public void measure(Output output) {
        long start = nanos.getAsLong();
        boolean connected;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            connected = true;
            if (failing) {
                LOG.info("{}: connects again", who);
                failing = false;
            }
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            connected = false;
            if (!failing) {
                // once per run of failures: a port that stays down must not flood the log every period
                LOG.warn("{}: cannot connect: {}", who, e.toString());
                failing = true;
            }
        }
        double millis = (nanos.getAsLong() - start) / 1e6;
        long ts = clock.millis();
        output.write(out, Measurement.of(connected, ts).withState(connected ? State.OK : State.CRITICAL));
        if (connected && outLatency != null) {
            output.write(outLatency, Measurement.of(millis, ts).withUnit("ms"));
        }
    }
}
