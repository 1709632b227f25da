package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Writes the measurements of one channel to InfluxDB in line protocol, over UDP or the HTTP write API. Lines are
 * batched in {@code publish}: a full batch is sent at once, the rest at the next tick. Lines the server could not
 * take for a passing reason (unreachable, 5xx) stay pending, bounded by {@code maxpending}, and are sent again at
 * the next tick; a batch the server refuses (4xx) is dropped. Drops are reported once per tick by an exception.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = InfluxDb.SCHEME, term = InfluxDb.TERM, kind = MixinKind.PUBLISHER,
        title = "Write measurements to InfluxDB (line protocol over UDP or HTTP)",
        attributes = {InfluxDb.INPUT, InfluxDb.URL, InfluxDb.MEASUREMENT, InfluxDb.TAGS, InfluxDb.BATCH,
            InfluxDb.TOKEN, InfluxDb.MAXPENDING})
public class InfluxDb implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "InfluxDB";
    public static final String INPUT = "input:in!|channel whose measurements are written";
    public static final String URL = "url:url!|udp://host:port, or http(s)://host:port/write?db=... (1.x)"
            + " or http(s)://host:port/api/v2/write?org=...&bucket=... (2.x)";
    public static final String MEASUREMENT = "measurement:string=rocmon|measurement name";
    public static final String TAGS = "tags:string|extra tags added to every point, k=v,k2=v2";
    public static final String BATCH = "batch:integer[1,1000000]=500|lines per datagram or request; sent when full or at tick";
    public static final String TOKEN = "token:secret|InfluxDB 2 API token, sent as 'Authorization: Token ...'";
    public static final String MAXPENDING = "maxpending:integer[1,10000000]=10000|lines kept while the server is unreachable";

    /** Tags the mixin writes itself. */
    private static final Set<String> RESERVED_TAGS = Set.of("sensor", "source", "unit");

    private final Losses losses = new Losses();
    private String who;
    private String input;
    private int batch;
    private LineProtocol protocol;
    private Pending pending;
    private LineSink sink;
    /** Set after a failed send so that publish does not wait on a dead server again before the next tick. */
    private boolean holdUntilTick;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        who = TERM + " of sensor " + context.entityId();
        input = context.channel("input");
        InfluxTarget target = InfluxTarget.parse(p + "url", context.string("url"));
        String measurement = context.string("measurement").trim();
        if (LineProtocol.escapeMeasurement(measurement).isEmpty()) {
            throw new InvalidAttributeException(p + "measurement", "attribute '" + p + "measurement' is empty");
        }
        Map<String, String> tags = tags(p + "tags", context.string("tags", ""));
        // batch and maxpending: ranges checked by the host (BATCH, MAXPENDING).
        batch = (int) context.integer("batch");
        pending = new Pending((int) context.integer("maxpending"), losses);
        String token = context.string("token", null);
        if (token != null && target.isUdp()) {
            throw new InvalidAttributeException(p + "token", "attribute '" + p + "token' applies to HTTP only");
        }
        protocol = new LineProtocol(measurement, context.entityId(), tags, target.precision);
        if (target.isUdp()) {
            try {
                sink = new UdpLineSink(target.udp);
            } catch (SocketException e) {
                // not the description's fault: the node is out of sockets
                throw new UncheckedIOException(who + ": cannot open a datagram socket", e);
            }
        } else {
            sink = new HttpLineSink(target.uri, token == null ? null : token.trim());
        }
    }

    static Map<String, String> tags(String attribute, String text) throws InvalidAttributeException {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text.isBlank()) {
            return tags;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw new InvalidAttributeException(attribute,
                        "attribute '" + attribute + "': '" + pair.trim() + "' is not key=value (form: k=v,k2=v2)");
            }
            if (RESERVED_TAGS.contains(key)) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute + "': tag '" + key
                        + "' is written by the mixin itself; reserved: " + RESERVED_TAGS);
            }
            tags.put(key, value);
        }
        return tags;
    }

    @Override
    public void publish(String channel, Measurement measurement) throws IOException {
        if (!input.equals(channel)) {
            return;
        }
        String line = protocol.line(channel, measurement);
        if (line == null) {
            losses.add("not a finite number", 1);
            return;
        }
        pending.add(line);
        if (pending.size() >= batch && !holdUntilTick) {
            flush(false);
        }
    }

    @Override
    public void tick(long now) throws IOException {
        holdUntilTick = false;
        IOException failure = null;
        try {
            flush(true);
        } catch (IOException e) {
            failure = e;
        }
        losses.rethrow(who, failure);
    }

    /** Sends full batches, and with {@code all} the last partial one too; stops at the first passing failure. */
    private void flush(boolean all) throws IOException {
        while (pending.size() >= batch || (all && !pending.isEmpty())) {
            List<String> lines = pending.peek(batch);
            try {
                sink.send(lines);
            } catch (LineSink.RefusedException e) {
                pending.remove(lines.size());
                losses.add("refused by the server", lines.size());
                throw new IOException(who + ": " + e.getMessage(), e);
            } catch (IOException e) {
                holdUntilTick = true;
                throw new IOException(who + ": " + pending.size() + " line(s) kept for the next tick: "
                        + e.getMessage(), e);
            }
            pending.remove(lines.size());
        }
    }

    @Override
    public void close() {
        if (sink != null) {
            try {
                flush(true);
            } catch (IOException e) {
                // closing: nothing left to retry with, and close must not throw
            }
            sink.close();
            sink = null;
        }
    }
}
