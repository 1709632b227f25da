package org.rocmon.mixins.aggregator.stats.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * One figure from several different metrics (Composite Probes' "one per type" aggregator): a formula over the last
 * value of up to eight input channels, e.g. a weighted "system load" from CPU, memory and disk, or a service KPI
 * from latency and error rate. Inputs arrive at different times: the last value of each is kept with its
 * timestamp, and one older than {@code staleness} (or never seen) counts as missing; then nothing is written, or
 * with {@code missing=unknown} the text "unknown" with state UNKNOWN.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Combine.SCHEME, term = Combine.TERM, kind = MixinKind.AGGREGATOR,
        title = "Combine several metrics into one figure", attributes = {Combine.IN1, Combine.IN2, Combine.IN3,
            Combine.IN4, Combine.IN5, Combine.IN6, Combine.IN7, Combine.IN8, Combine.FORMULA, Combine.OUTPUT,
            Combine.STALENESS, Combine.EMIT, Combine.MISSING})
public class Combine implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Combine";
    public static final String IN1 = "in1:in?|an input channel the formula names";
    public static final String IN2 = "in2:in?|an input channel the formula names";
    public static final String IN3 = "in3:in?|an input channel the formula names";
    public static final String IN4 = "in4:in?|an input channel the formula names";
    public static final String IN5 = "in5:in?|an input channel the formula names";
    public static final String IN6 = "in6:in?|an input channel the formula names";
    public static final String IN7 = "in7:in?|an input channel the formula names";
    public static final String IN8 = "in8:in?|an input channel the formula names";
    public static final String FORMULA = "formula:string!|+ - * / ( ) min(..) max(..) over numbers and the input"
            + " channels, e.g. 0.5*cpu + 0.3*mem + 0.2*disk";
    public static final String OUTPUT = "output:out!|channel the figure is written to";
    public static final String STALENESS = "staleness:number(0,86400]?|seconds after which an input's last value"
            + " counts as missing; default 3 sensor periods";
    public static final String EMIT = "emit:string{change,tick}=change|compute on every input value (change) or on"
            + " every sensor tick (tick)";
    public static final String MISSING = "missing:string{skip,unknown}=skip|with a missing or stale input write"
            + " nothing (skip) or \"unknown\" with state UNKNOWN";

    private static final int SLOTS = 8;

    private String entityId;
    private String output;
    private String[] inputs;
    private Formula.Node formula;
    private long staleMillis;
    private boolean onTick;
    private boolean unknown;
    private double[] values;
    private long[] stamps;
    private boolean[] seen;
    private long latest = Long.MIN_VALUE;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        entityId = context.entityId();
        output = context.channel("output");
        List<String> names = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        for (int i = 1; i <= SLOTS; i++) {
            java.util.Optional<String> c = context.optionalChannel("in" + i);
            if (c.isPresent()) {
                if (names.contains(c.get())) {
                    throw new InvalidAttributeException(prefix + "in" + i, "attribute '" + prefix + "in" + i
                            + "' names channel '" + c.get() + "' a second time");
                }
                names.add(c.get());
                slots.add("in" + i);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidAttributeException(prefix + "in1", "attribute '" + prefix
                    + "in1' is required: name at least one input channel (in1..in8)");
        }
        Formula.Compiled f = Formula.compile(context.string("formula"), prefix + "formula", names);
        for (int i = 0; i < names.size(); i++) {
            if (!f.used().contains(names.get(i))) {
                throw new InvalidAttributeException(prefix + slots.get(i), "attribute '" + prefix + slots.get(i)
                        + "' names channel '" + names.get(i) + "', which the formula does not use");
            }
        }
        if (names.contains(output)) {
            throw new InvalidAttributeException(prefix + "output", "attribute '" + prefix + "output' is also an"
                    + " input channel: the figure would feed itself");
        }
        formula = f.root();
        inputs = names.toArray(new String[0]);
        Object s = context.attributes().get("staleness");
        staleMillis = s == null ? 3 * Math.max(1, context.periodMillis()) : (long) (context.number("staleness") * 1000);
        onTick = context.string("emit").equals("tick");
        unknown = context.string("missing").equals("unknown");
        values = new double[inputs.length];
        stamps = new long[inputs.length];
        seen = new boolean[inputs.length];
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        int i = index(channel);
        if (i < 0) {
            return;
        }
        double x = measurement.asDouble();
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("Combine input on channel '" + channel + "' is not a finite number: '"
                    + measurement.asString() + "'");
        }
        values[i] = x;
        stamps[i] = measurement.timestamp();
        seen[i] = true;
        latest = Math.max(latest, measurement.timestamp());
        if (!onTick) {
            compute(latest, out);
        }
    }

    @Override
    public void tick(long now, Output out) {
        if (onTick) {
            compute(now, out);
        }
    }

    private void compute(long now, Output out) {
        for (int i = 0; i < inputs.length; i++) {
            if (!seen[i] || now - stamps[i] > staleMillis) {
                missing(now, out);
                return;
            }
        }
        double r = formula.eval(values);
        if (Double.isFinite(r)) {
            out.write(output, Measurement.of(r, now).withSource(entityId));
        } else {
            missing(now, out); // a division by zero, say: no figure
        }
    }

    private void missing(long now, Output out) {
        if (unknown) {
            out.write(output, Measurement.of("unknown", now).withSource(entityId).withState(State.UNKNOWN));
        }
    }

    private int index(String channel) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].equals(channel)) {
                return i;
            }
        }
        return -1;
    }
}
