package org.rocmon.mixins.aggregator.stats.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * A service-level KPI (docs/kpi.md): the aggregate (avg, min, max, sum, count) of the <em>latest</em> value of one
 * channel per source, written again whenever a source sends a new value. Unlike {@link Statistics}, which summarises
 * the values of a window over time, this is a figure across sources at one moment: "the average CPU of the group
 * now". The members are the sources listed in {@code sources} (the OCCI front end keeps that list up to date from
 * {@code group}); without a list, every source counts. A source whose last value is older than {@code maxAge} no
 * longer counts.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Kpi.SCHEME, term = Kpi.TERM, kind = MixinKind.AGGREGATOR,
        title = "Service-level KPI across sources", attributes = {Kpi.INPUT, Kpi.OUTPUT, Kpi.FUNCTION, Kpi.GROUP,
            Kpi.SOURCES, Kpi.MAXAGE})
public class Kpi implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Kpi";
    public static final String INPUT = "input:in!|channel whose latest value per source is aggregated";
    public static final String OUTPUT = "output:out!|channel the aggregate is written to";
    public static final String FUNCTION = "function:string{avg,min,max,sum,count}=avg|aggregate of the sources'"
            + " latest values";
    public static final String GROUP = "group:string|the group (rocmon.group of compute resources) whose collectors"
            + " the OCCI front end links to this sensor; the aggregator itself does not read it";
    public static final String SOURCES = "sources:string|comma list of the sources that count; empty: every source."
            + " Kept up to date by the OCCI front end when group is set";
    public static final String MAXAGE = "maxAge:integer[0,86400]=0|seconds after which a source's last value no"
            + " longer counts; 0: it counts until the source leaves";

    /** More sources than this are refused: each holds a value, and sources come from the network. */
    static final int MAX_SOURCES = 10_000;

    private String entityId;
    private String input;
    private String output;
    private String function;
    private Set<String> sources;
    private long maxAgeMillis;
    private long graceMillis;
    /** Latest value and timestamp per counted source, in order of first appearance. */
    private final Map<String, double[]> latest = new LinkedHashMap<>();
    private String unit;
    private long firstTs = Long.MIN_VALUE;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        entityId = context.entityId();
        input = context.channel("input");
        output = context.channel("output");
        if (input.equals(output)) {
            throw new InvalidAttributeException(prefix + "output", "attribute '" + prefix + "output' must differ "
                    + "from '" + prefix + "input' (" + input + ")");
        }
        // Choices and ranges are checked by the host (the specs above).
        function = context.string("function");
        maxAgeMillis = context.integer("maxAge") * 1000L;
        String list = context.string("sources", null);
        if (list != null) {
            sources = new LinkedHashSet<>();
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    sources.add(s.trim());
                }
            }
        }
        // A fresh instance (the member list changed) waits for every member, but not for ever: a member whose
        // sensor is down must not hold the KPI back longer than three periods.
        graceMillis = 3 * Math.max(1000L, context.periodMillis());
    }

    @Override
    public void accept(String channel, Measurement m, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        String source = m.source() == null ? "" : m.source();
        if (sources != null && !sources.contains(source)) {
            return;
        }
        double x = m.asDouble();
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("Kpi input on channel '" + channel + "' from '" + source
                    + "' is not a finite number: '" + m.asString() + "'");
        }
        if (!latest.containsKey(source) && latest.size() >= MAX_SOURCES) {
            throw new IllegalArgumentException("Kpi keeps at most " + MAX_SOURCES + " sources; measurement from new "
                    + "source '" + source + "' refused");
        }
        double[] old = latest.get(source);
        if (old != null && (long) old[1] > m.timestamp()) {
            return; // an older value than the one held (a re-sent frame): the latest stays
        }
        latest.put(source, new double[] {x, m.timestamp()});
        if (m.unit() != null) {
            unit = m.unit();
        }
        long now = m.timestamp();
        if (firstTs == Long.MIN_VALUE) {
            firstTs = now;
        }
        if (sources != null && !sources.isEmpty() && latest.size() < sources.size() && now - firstTs < graceMillis) {
            return;
        }
        Double value = aggregate(now);
        if (value != null) {
            Measurement r = Measurement.of(value, now).withSource(entityId);
            out.write(output, "count".equals(function) || unit == null ? r : r.withUnit(unit));
        }
    }

    /** @return the aggregate of the values that count at {@code now}, or null when none does */
    Double aggregate(long now) {
        int n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] v : latest.values()) {
            if (maxAgeMillis > 0 && now - (long) v[1] > maxAgeMillis) {
                continue;
            }
            n++;
            sum += v[0];
            min = Math.min(min, v[0]);
            max = Math.max(max, v[0]);
        }
        if (n == 0) {
            return "count".equals(function) || "sum".equals(function) ? 0.0 : null;
        }
        switch (function) {
            case "min":
                return min;
            case "max":
                return max;
            case "sum":
                return sum;
            case "count":
                return (double) n;
            default:
                return sum / n;
        }
    }
}
