package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Sends the measurements of one channel to Graphite's Carbon plaintext receiver over TCP, one line
 * {@code <prefix>.<sensor>.<channel> <value> <epoch seconds>} each. Lines are collected in {@code publish} and
 * written at tick; while Carbon is unreachable they stay pending (at most {@code maxpending}, oldest dropped) and
 * the connection is tried again at the next tick. Carbon keeps one value per timestamp, so lines sent again after
 * a broken connection cause no duplicates.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Graphite.SCHEME, term = Graphite.TERM, kind = MixinKind.PUBLISHER,
        title = "Send measurements to Graphite (Carbon plaintext over TCP)",
        attributes = {Graphite.INPUT, Graphite.HOSTNAME, Graphite.PORT, Graphite.PREFIX, Graphite.MAXPENDING})
public class Graphite implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Graphite";
    public static final String INPUT = "input:in!|channel whose measurements are sent";
    public static final String HOSTNAME = "hostname:host!|host name or IP address of the Carbon receiver";
    public static final String PORT = "port:integer[1,65535]=2003|TCP port of the Carbon plaintext receiver";
    public static final String PREFIX = "prefix:string=rocmon|first node(s) of every metric path";
    public static final String MAXPENDING = "maxpending:integer[1,10000000]=10000|lines kept while Carbon is unreachable";

    static final long TIMEOUT_MILLIS = 2000;
    private static final Pattern PREFIX_FORM = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern NOT_IN_NODE = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Pattern NOT_IN_PATH = Pattern.compile("[^A-Za-z0-9_.-]");

    private final Losses losses = new Losses();
    private String who;
    private String input;
    private String path;
    private Pending pending;
    private CarbonConnection carbon;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        who = TERM + " of sensor " + context.entityId();
        input = context.channel("input");
        String hostname = context.string("hostname").trim();
        if (hostname.isEmpty() || hostname.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidAttributeException(p + "hostname", "attribute '" + p + "hostname' is not a host name");
        }
        // port and maxpending: ranges checked by the host (PORT, MAXPENDING).
        long port = context.integer("port");
        String prefix = context.string("prefix").trim();
        if (!PREFIX_FORM.matcher(prefix).matches()) {
            throw new InvalidAttributeException(p + "prefix", "attribute '" + p + "prefix' must be dot-separated"
                    + " nodes of letters, digits, '_' and '-', not '" + prefix + "'");
        }
        long maxpending = context.integer("maxpending");
        String sensor = NOT_IN_NODE.matcher(context.entityId()).replaceAll("_");
        path = prefix + "." + sensor + "." + channelPath(input);
        pending = new Pending((int) maxpending, losses);
        carbon = new CarbonConnection(hostname, (int) port);
    }

    /** Dots in a channel name make Graphite folders; anything else outside [A-Za-z0-9_-] becomes '_'. */
    static String channelPath(String channel) {
        String s = NOT_IN_PATH.matcher(channel).replaceAll("_").replaceAll("\\.{2,}", ".");
        s = s.replaceAll("^\\.|\\.$", "");
        return s.isEmpty() ? "_" : s;
    }

    /** @return the value as Carbon reads it, or {@code null} when it is not a finite number or a boolean */
    static String value(Measurement m) {
        if (m.value() instanceof Boolean) {
            return ((Boolean) m.value()) ? "1" : "0";
        }
        if (!m.isNumber()) {
            return null;
        }
        double d = m.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        return m.asString();
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        if (!input.equals(channel)) {
            return;
        }
        String value = value(measurement);
        if (value == null) {
            losses.add("not a finite number", 1);
            return;
        }
        pending.add(path + " " + value + " " + Math.floorDiv(measurement.timestamp(), 1000L) + "\n");
    }

    @Override
    public void tick(long now) throws IOException {
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = new IOException(who + ": " + pending.size() + " line(s) kept for the next tick: "
                    + e.getMessage(), e);
        }
        losses.rethrow(who, failure);
    }

    private void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> lines = pending.peek(pending.size());
        StringBuilder text = new StringBuilder(lines.size() * 64);
        lines.forEach(text::append);
        carbon.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), TIMEOUT_MILLIS);
        pending.remove(lines.size());
    }

    @Override
    public void close() {
        if (carbon != null) {
            try {
                flush();
            } catch (IOException e) {
                // closing: nothing left to retry with, and close must not throw
            }
            carbon.close();
            carbon = null;
        }
    }
}
