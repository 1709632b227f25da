package org.rocmon.mixins.aggregator.filter.internal;

import java.util.LinkedHashSet;
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
 * The Composite Probes single-parameter and transparent filters in one: forwards the measurements of one channel
 * unchanged to another, keeping only those of the listed sources and within the value bounds. With no sources
 * and no bounds it is the transparent filter.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Select.SCHEME, term = Select.TERM, kind = MixinKind.AGGREGATOR,
        title = "Forward the measurements that match", attributes = {Select.INPUT, Select.OUTPUT, Select.SOURCES,
            Select.MIN, Select.MAX})
public class Select implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Select";
    public static final String INPUT = "input:in!|channel to filter";
    public static final String OUTPUT = "output:out!|channel the kept measurements are written to";
    public static final String SOURCES = "sources:string|comma list of source ids to keep; empty keeps all";
    public static final String MIN = "min:number|smallest value kept; empty is unbounded";
    public static final String MAX = "max:number|largest value kept; empty is unbounded";

    private String input;
    private String output;
    private Set<String> sources;
    private double min = Double.NEGATIVE_INFINITY;
    private double max = Double.POSITIVE_INFINITY;
    private boolean bounded;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        input = context.channel("input");
        output = context.channel("output");
        String list = context.string("sources", null);
        if (list != null) {
            sources = new LinkedHashSet<>();
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    sources.add(s.trim());
                }
            }
            if (sources.isEmpty()) {
                throw new InvalidAttributeException(prefix + "sources",
                        "attribute '" + prefix + "sources' names no source: '" + list + "'");
            }
        }
        if (context.attributes().containsKey("min")) {
            min = context.number("min");
            bounded = true;
        }
        if (context.attributes().containsKey("max")) {
            max = context.number("max");
            bounded = true;
        }
        if (min > max) {
            throw new InvalidAttributeException(prefix + "max",
                    "attribute '" + prefix + "max' (" + max + ") is below '" + prefix + "min' (" + min + ")");
        }
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        if (sources != null && !sources.contains(measurement.source())) {
            return;
        }
        if (bounded) {
            // Text that is no number cannot be within bounds: it is filtered out like any other mismatch.
            double x = measurement.asDouble();
            if (!(x >= min && x <= max)) {
                return;
            }
        }
        out.write(output, measurement);
    }
}
