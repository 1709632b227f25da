package org.rocmon.mixins.publisher.prometheus.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Exposes the latest value of up to four channels as Prometheus gauges on the bundle's scrape endpoint
 * ({@link MetricsEndpoint}): {@code <prefix>_<channel>{sensor="<id>",source="<collector>"}}, one series per source,
 * and {@code <prefix>_<channel>_state} (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) for measurements with a state.
 * Booleans are 0/1; strings are skipped and counted. A series that got no value for 5 sensor periods is removed at
 * tick, and {@code close} removes all of this instance's series.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Prometheus.SCHEME, term = Prometheus.TERM, kind = MixinKind.PUBLISHER,
        title = "Expose the latest values as Prometheus gauges under /metrics/",
        attributes = {Prometheus.INPUT, Prometheus.INPUT2, Prometheus.INPUT3, Prometheus.INPUT4, Prometheus.PREFIX,
            Prometheus.PATH})
public class Prometheus implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Prometheus";
    public static final String INPUT = "input:in!|channel exposed as a gauge";
    public static final String INPUT2 = "input2:in|a second channel";
    public static final String INPUT3 = "input3:in|a third channel";
    public static final String INPUT4 = "input4:in|a fourth channel";
    public static final String PREFIX = "prefix:string=rocmon|metric name prefix: <prefix>_<channel>";
    public static final String PATH = "path:string|scrape path under /metrics/; default /metrics/<sensor id>";

    /** Periods without a value after which a series is removed. */
    static final int STALE_PERIODS = 5;
    private static final Pattern PATH_FORM = Pattern.compile("/metrics(/[A-Za-z0-9._~-]+)+");

    private final SeriesRegistry registry;
    /** Metric name by input channel. */
    private final Map<String, String> names = new LinkedHashMap<>();
    /** The tick count at which each of this instance's series was last set. */
    private final Map<String, Long> lastSet = new HashMap<>();
    private String sensor;
    private String who;
    private String path;
    private long ticks;
    private long skipped;
    private long reported;

    @Activate
    public Prometheus(@Reference SeriesRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        sensor = context.entityId();
        who = TERM + " of sensor " + sensor;
        String prefix = context.string("prefix").trim();
        if (!MetricNames.VALID.matcher(prefix).matches()) {
            throw new InvalidAttributeException(p + "prefix", "attribute '" + p + "prefix' must match "
                    + MetricNames.VALID.pattern() + ", not '" + prefix + "'");
        }
        List<String> channels = new ArrayList<>();
        channels.add(context.channel("input"));
        for (String optional : new String[] {"input2", "input3", "input4"}) {
            String channel = context.string(optional, null);
            if (channel != null) {
                channels.add(context.channel(optional));
            }
        }
        for (String channel : channels) {
            names.put(channel, MetricNames.of(prefix, channel));
        }
        String given = context.string("path", null);
        path = given == null ? MetricsEndpoint.ROOT + "/" + sensor : given.trim().replaceAll("/+$", "");
        if (given != null && (!PATH_FORM.matcher(path).matches() || path.contains("/../") || path.endsWith("/.."))) {
            throw new InvalidAttributeException(p + "path", "attribute '" + p + "path' must be /metrics/ followed by"
                    + " segments of letters, digits, '.', '_', '~' and '-', not '" + given + "'");
        }
    }

    /** @return where this instance's series are scraped */
    String path() {
        return path;
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        String name = names.get(channel);
        if (name == null) {
            return;
        }
        Object value = measurement.value();
        if (!(value instanceof Double) && !(value instanceof Boolean)) {
            skipped++;
            return;
        }
        set(new Series(name, "Rocmon channel " + channel, sensor, measurement.source(), measurement.asDouble()));
        if (measurement.state() != null) {
            set(new Series(name + "_state", "State of Rocmon channel " + channel
                    + ": 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN", sensor, measurement.source(),
                    measurement.state().ordinal()));
        }
    }

    private void set(Series series) {
        registry.put(path, series);
        lastSet.put(series.key(), ticks);
    }

    @Override
    public void tick(long now) throws IOException {
        ticks++;
        for (Iterator<Map.Entry<String, Long>> it = lastSet.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> e = it.next();
            if (ticks - e.getValue() > STALE_PERIODS) {
                registry.remove(path, e.getKey());
                it.remove();
            }
        }
        if (skipped > reported) {
            long grown = skipped - reported;
            reported = skipped;
            throw new IOException(who + ": " + grown + " string measurement(s) skipped since the last tick ("
                    + skipped + " in all): Prometheus gauges carry numbers only");
        }
    }

    @Override
    public void close() {
        for (String key : lastSet.keySet()) {
            registry.remove(path, key);
        }
        lastSet.clear();
    }
}
