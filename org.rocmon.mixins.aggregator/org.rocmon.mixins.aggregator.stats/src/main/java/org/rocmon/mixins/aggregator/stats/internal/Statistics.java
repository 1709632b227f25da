package org.rocmon.mixins.aggregator.stats.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Summary statistics of one channel over a window, the Composite Probes aggregator with its two schedulers: the
 * periodic one closes the window on every sensor tick, the threshold one every {@code count} measurements. Each
 * statistic goes to {@code <outprefix>.<name>}, or {@code <outprefix>.<source>.<name>} with one window per source.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Statistics.SCHEME, term = Statistics.TERM, kind = MixinKind.AGGREGATOR,
        title = "Statistics over a window", attributes = {Statistics.INPUT, Statistics.STATISTICS,
            Statistics.OUTPREFIX, Statistics.SCHEDULER, Statistics.COUNT, Statistics.PERSOURCE, Statistics.MAXWINDOW})
public class Statistics implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Statistics";
    public static final String INPUT = "input:in!|channel of the values to summarise";
    public static final String STATISTICS = "statistics:string=mean|comma list of count, sum, mean, median, min, max,"
            + " stddev, variance, rate, pN";
    public static final String OUTPREFIX = "outprefix:out!|prefix of the output channels <outprefix>.<statistic>";
    public static final String SCHEDULER = "scheduler:string{periodic,threshold}=periodic|periodic (window = sensor period) or"
            + " threshold (window = count measurements)";
    public static final String COUNT = "count:integer[1,]=100|measurements per window of the threshold scheduler";
    public static final String PERSOURCE = "persource:boolean=false|one window per source, channels"
            + " <outprefix>.<source>.<statistic>";
    public static final String MAXWINDOW = "maxwindow:integer[1,10000000]=100000|values kept for median and"
            + " percentiles";

    /** More sources than this are refused: each holds a window, and sources come from the network. */
    static final int MAX_SOURCES = 10_000;
    static final String NO_SOURCE = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(Statistics.class);
    private static final Pattern NOT_CHANNEL_CHAR = Pattern.compile("[^A-Za-z0-9_:-]");

    private String entityId;
    private String input;
    private String outprefix;
    private Statistic[] statistics;
    private boolean threshold;
    private long count;
    private boolean persource;
    private int maxwindow;
    private boolean needsSamples;

    private Slot all;
    // Insertion order: windows close in the order their sources first appeared, so output order is stable.
    private final Map<String, Slot> bySource = new LinkedHashMap<>();
    private boolean droppedLogged;

    /** A window with the names of the channels it writes, computed once. */
    private static final class Slot {
        final Window window;
        final String[] channels;
        final String source;

        Slot(Window window, String[] channels, String source) {
            this.window = window;
            this.channels = channels;
            this.source = source;
        }
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        entityId = context.entityId();
        input = context.channel("input");
        outprefix = context.channel("outprefix");
        List<Statistic> list = Statistic.parseList(context.string("statistics"), prefix + "statistics");
        statistics = list.toArray(new Statistic[0]);
        for (Statistic s : statistics) {
            needsSamples |= s.needsSamples();
        }
        // Choices and ranges are checked by the host (the specs above).
        threshold = context.string("scheduler").equals("threshold");
        count = context.integer("count");
        maxwindow = (int) context.integer("maxwindow");
        persource = context.bool("persource");
        if (!persource) {
            all = new Slot(new Window(needsSamples, maxwindow), channels(outprefix + "."), entityId);
        }
    }

    private String[] channels(String base) {
        String[] names = new String[statistics.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = base + statistics[i].name;
        }
        return names;
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        double x = measurement.asDouble();
        // One NaN would turn every running figure of the window into NaN, so it is refused and counted instead.
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("Statistics input on channel '" + channel
                    + "' is not a finite number: '" + measurement.asString() + "'");
        }
        Slot slot = persource ? slotOf(measurement.source()) : all;
        Window w = slot.window;
        w.add(x, measurement.timestamp(), measurement.unit());
        if (threshold && w.count() >= count) {
            close(slot, measurement.timestamp(), out);
        }
    }

    private Slot slotOf(String source) {
        Slot slot = bySource.get(source);
        if (slot == null) {
            if (bySource.size() >= MAX_SOURCES) {
                throw new IllegalArgumentException("Statistics keeps at most " + MAX_SOURCES
                        + " sources; measurement from new source '" + source + "' refused");
            }
            String segment = source == null ? NO_SOURCE : NOT_CHANNEL_CHAR.matcher(source).replaceAll("_");
            slot = new Slot(new Window(needsSamples, maxwindow), channels(outprefix + "." + segment + "."),
                    source);
            bySource.put(source, slot);
        }
        return slot;
    }

    @Override
    public void tick(long now, Output out) {
        if (threshold) {
            return;
        }
        if (persource) {
            for (Slot slot : bySource.values()) {
                close(slot, now, out);
            }
        } else if (all != null) {
            close(all, now, out);
        }
    }

    private void close(Slot slot, long ts, Output out) {
        Window w = slot.window;
        if (w.isEmpty()) {
            return;
        }
        for (int i = 0; i < statistics.length; i++) {
            Statistic s = statistics[i];
            double v = w.value(s);
            if (Double.isNaN(v)) {
                continue;
            }
            Measurement m = Measurement.of(v, ts).withSource(slot.source);
            String unit = unitOf(s, w.unit());
            out.write(slot.channels[i], unit == null ? m : m.withUnit(unit));
        }
        if (w.dropped() > 0 && !droppedLogged) {
            droppedLogged = true;
            LOG.warn("Statistics of sensor {} on channel {}: a window held {} values; median and percentiles used"
                    + " the newest {} (raise maxwindow to keep more)", entityId, input, w.count(), maxwindow);
        }
        w.reset();
    }

    /** Count and variance have no unit of the input (variance is in its square); a rate is per second. */
    private static String unitOf(Statistic s, String unit) {
        switch (s.kind) {
            case COUNT:
            case VARIANCE:
                return null;
            case RATE:
                return unit == null ? "/s" : unit + "/s";
            default:
                return unit;
        }
    }
}
