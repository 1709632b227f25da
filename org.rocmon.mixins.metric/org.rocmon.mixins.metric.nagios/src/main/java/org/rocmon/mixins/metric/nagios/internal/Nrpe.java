package org.rocmon.mixins.metric.nagios.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Asks an NRPE agent to run one of the checks its nrpe.cfg defines and writes the answer like NagiosPlugin does.
 * Speaks packet version 4 of NRPE 4 (64 KiB of output) and falls back to version 2 (1 KiB) when the agent hangs up
 * on it, as check_nrpe does; the version that worked is kept for the instance. A failed exchange is a measurement with state
 * UNKNOWN and a text saying why, never an exception.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Nrpe.SCHEME, term = Nrpe.TERM, kind = MixinKind.METRIC,
        title = "Asks an NRPE agent for a check", attributes = {Nrpe.HOSTNAME, Nrpe.PORT, Nrpe.CHECK, Nrpe.ARGS,
            Nrpe.TIMEOUT, Nrpe.SSL, OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT,
            OutputChannels.PERFDATA, OutputChannels.PERFPREFIX})
public class Nrpe implements Metric {

    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "NRPE";
    public static final String HOSTNAME = "hostname:string!|host name or IP address of the NRPE agent";
    public static final String PORT = "port:integer[1,65535]=5666|TCP port of the NRPE agent";
    public static final String CHECK = "check:string!|name of a command the agent's nrpe.cfg defines";
    public static final String ARGS = "args:string|arguments as words, sent '!'-separated (the agent must allow them)";
    public static final String TIMEOUT = "timeout:number(0,600]=10|seconds for the whole exchange";
    public static final String SSL = "ssl:boolean=true|TLS as NRPE speaks it (false for an agent started with -n)";

    private static final Logger LOG = LoggerFactory.getLogger(Nrpe.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%_\\-\\[\\]]{1,253}");
    // nrpe refuses its "nasty metachars" and '!' separates arguments; '$(' is refused too.
    private static final Pattern NASTY = Pattern.compile("[|`&><'\"\\\\\\[\\]{};!\\r\\n\\x00]|\\$\\(");
    private static final int MAX_ARGS = 16;

    private final NrpeClient client;
    private final Clock clock;
    private final OutputChannels outputs = new OutputChannels();
    private String hostname;
    private int port;
    private String query;
    private long timeoutNanos;
    private boolean ssl;
    private boolean hasArgs;
    private int version = 4;
    private boolean failing;

    public Nrpe() {
        this(new NrpeClient(), Clock.systemUTC());
    }

    Nrpe(NrpeClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        hostname = context.string("hostname").trim();
        if (!HOST.matcher(hostname).matches()) {
            throw new InvalidAttributeException(p + "hostname",
                    "attribute '" + p + "hostname' must be a host name or IP address, not '" + hostname + "'");
        }
        if (hostname.startsWith("[") && hostname.endsWith("]")) {
            hostname = hostname.substring(1, hostname.length() - 1);
        }
        port = (int) context.integer("port"); // port and timeout: ranges checked by the host (specs above)
        String check = context.string("check").trim();
        if (check.isEmpty() || check.length() > 255 || check.chars().anyMatch(Character::isWhitespace)
                || NASTY.matcher(check).find()) {
            throw new InvalidAttributeException(p + "check", "attribute '" + p + "check' must be a command name"
                    + " from nrpe.cfg, without spaces or any of | ` & > < ' \" \\ [ ] { } ; !");
        }
        StringBuilder q = new StringBuilder(check);
        List<String> args;
        try {
            args = ArgSplitter.split(context.string("args", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': " + e.getMessage());
        }
        if (args.size() > MAX_ARGS) {
            throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': NRPE takes at most "
                    + MAX_ARGS + " arguments");
        }
        for (String a : args) {
            if (a.isEmpty() || NASTY.matcher(a).find()) {
                throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': NRPE refuses empty"
                        + " arguments and any holding | ` & > < ' \" \\ [ ] { } ; ! or $(; '" + a + "' does");
            }
            q.append('!').append(a);
        }
        if (q.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= NrpePacket.V2_BUFFER) {
            throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': the query is too long");
        }
        query = q.toString();
        hasArgs = !args.isEmpty();
        double timeout = context.number("timeout");
        timeoutNanos = (long) (timeout * TimeUnit.SECONDS.toNanos(1));
        ssl = context.bool("ssl");
        outputs.open(context);
    }

    @Override
    public void measure(Output out) {
        long ts = clock.millis();
        outputs.write(check(), ts, out);
    }

    private PluginOutput check() {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            NrpePacket.Response r;
            try {
                r = client.query(hostname, port, ssl, deadline, version, query);
            } catch (EOFException e) {
                if (version == 2) {
                    throw e;
                }
                // An agent older than NRPE 4 hangs up on a v4 query: ask again the old way.
                r = client.query(hostname, port, ssl, deadline, 2, query);
                version = 2;
            }
            failing = false;
            String text = r.text;
            if (text.isBlank()) {
                text = "(no output from NRPE check " + query + ")";
            }
            return PluginOutput.parse(State.fromExitCode(r.resultCode), text);
        } catch (IOException | RuntimeException e) {
            String why = reason(e);
            if (!failing) {
                LOG.warn("NRPE {}:{} check {}: {}", hostname, port, query, why);
            }
            failing = true;
            return new PluginOutput(State.UNKNOWN, "CHECK_NRPE: " + why, "", "");
        }
    }

    private String reason(Exception e) {
        String where = hostname + ":" + port;
        if (e instanceof EOFException) {
            return "the agent at " + where + " hung up without answering (is this host in its allowed_hosts?"
                    + (hasArgs ? " does it allow arguments, dont_blame_nrpe=1?" : "")
                    + (ssl ? "" : " does it run without TLS, nrpe -n?") + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + where + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 1000.0
                    + " s";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + where + ": " + e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + hostname;
        }
        if (e instanceof SSLException) {
            return "TLS with " + where + " failed (" + e.getMessage() + "); an agent without a certificate speaks"
                    + " only anonymous DH, which this JVM allows only when jdk.tls.disabledAlgorithms does not"
                    + " list 'anon'; give the agent a certificate, or use ssl=false with nrpe -n";
        }
        return e.getClass().getSimpleName() + " with " + where + ": " + e.getMessage();
    }
}
