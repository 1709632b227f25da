package org.rocmon.mixins.metric.net.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLSocketFactory;

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
 * One HTTP(S) request per measure: whether the status is the expected one (state OK or CRITICAL), the status code,
 * the time from connect to the end of the response, and for https the days until the server certificate expires.
 * The request runs synchronously on the collector's thread ({@link HttpProbe}), bounded by {@code timeout}, and
 * starts no thread. Redirects are not followed: a 301 is reported as 301, as check_http does by default.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = HttpCheck.SCHEME, term = HttpCheck.TERM, kind = MixinKind.METRIC,
        title = "HTTP(S) status, latency and certificate expiry",
        attributes = {HttpCheck.URL, HttpCheck.METHOD, HttpCheck.EXPECT, HttpCheck.TIMEOUT, HttpCheck.VERIFY,
            HttpCheck.OUT, HttpCheck.OUTSTATUS, HttpCheck.OUTLATENCY, HttpCheck.OUTDAYS})
public class HttpCheck implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "HTTPCheck";
    public static final String URL = "url:string!|http:// or https:// URL to request";
    public static final String METHOD = "method:string{GET,HEAD}=GET|GET or HEAD";
    public static final String EXPECT = "expect:integer[100,599]=200|status code that counts as OK";
    public static final String TIMEOUT = "timeout:number(0,600]=5|seconds for the connect and again for the response";
    public static final String VERIFY = "verify:boolean=true|check the server certificate and host name (false: measure expiry of self-signed certificates)";
    public static final String OUT = "out:out!|channel of true when the status is the expected one (state OK), else false (CRITICAL)";
    public static final String OUTSTATUS = "outstatus:out?|channel of the status code";
    public static final String OUTLATENCY = "outlatency:out?|channel of milliseconds from connect to the end of the response";
    public static final String OUTDAYS = "outdays:out?|channel of days until the server certificate expires (https only)";

    /** How much of a body is read (and thrown away) so the latency covers the response without unbounded reads. */
    static final int MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(HttpCheck.class);
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private final Clock clock;
    private final LongSupplier nanos;
    private URI uri;
    private SSLSocketFactory tls;
    private boolean https;
    private String method;
    private int expect;
    private int timeoutMillis;
    private boolean verify;
    private String out;
    private String outStatus;
    private String outLatency;
    private String outDays;
    private String who;
    private boolean failing;

    public HttpCheck() {
        this(Clock.systemUTC(), System::nanoTime);
    }

    HttpCheck(Clock clock, LongSupplier nanos) {
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        String given = context.string("url").trim();
        try {
            URI uri = new URI(given);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new InvalidAttributeException(p + "url", "url must be an absolute http:// or https:// URL"
                        + " with a host, not '" + given + "'");
            }
            https = scheme.equals("https");
            this.uri = uri;
        } catch (URISyntaxException e) {
            throw new InvalidAttributeException(p + "url", "'" + given + "' is not a URL: " + e.getMessage());
        }
        // method, expect and timeout: choices and ranges checked by the host (specs above).
        method = context.string("method");
        expect = (int) context.integer("expect");
        timeoutMillis = Timeouts.millis(context);
        verify = context.bool("verify");
        tls = !https ? null : verify ? (SSLSocketFactory) SSLSocketFactory.getDefault() : Insecure.factory();
        out = context.channel("out");
        outStatus = context.optionalChannel("outstatus").orElse(null);
        outLatency = context.optionalChannel("outlatency").orElse(null);
        outDays = context.optionalChannel("outdays").orElse(null);
        if (outDays != null && !https) {
            throw new InvalidAttributeException(p + "outdays", "outdays needs an https:// url: '" + given
                    + "' has no certificate");
        }
        who = TERM + " of collector " + context.entityId() + " on " + given;
    }

    @Override
    public void measure(Output output) {
        long start = nanos.getAsLong();
        int status = -1;
        double days = Double.NaN;
        try {
            HttpProbe.Result r = HttpProbe.exchange(uri, method, timeoutMillis, tls, verify, MAX_BODY);
            status = r.status;
            if (r.notAfter >= 0) {
                days = (r.notAfter - clock.millis()) / MILLIS_PER_DAY;
            }
            if (failing) {
                LOG.info("{}: answers again", who);
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                // once per run of failures, so a site that stays down does not flood the log every period
                LOG.warn("{}: request failed: {}", who, e.toString());
                failing = true;
            }
        }
        double millis = (nanos.getAsLong() - start) / 1e6;
        long ts = clock.millis();
        boolean ok = status == expect;
        output.write(out, Measurement.of(ok, ts).withState(ok ? State.OK : State.CRITICAL));
        if (status > 0) {
            if (outStatus != null) {
                output.write(outStatus, Measurement.of((double) status, ts));
            }
            if (outLatency != null) {
                output.write(outLatency, Measurement.of(millis, ts).withUnit("ms"));
            }
        }
        if (outDays != null && !Double.isNaN(days)) {
            output.write(outDays, Measurement.of(days, ts).withUnit("d"));
        }
    }
}
