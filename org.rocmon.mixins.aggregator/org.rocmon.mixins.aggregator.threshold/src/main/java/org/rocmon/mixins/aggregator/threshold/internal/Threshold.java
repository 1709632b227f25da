package org.rocmon.mixins.aggregator.threshold.internal;

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
 * Turns a numeric channel into a Nagios-style state (OK, WARNING, CRITICAL) with the warning and critical ranges
 * of the Monitoring Plugins, and writes the state only when it changes. A state gets worse at once; it improves
 * only once the value is {@code hysteresis} past the threshold, so a value hovering at a boundary does not flap.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Threshold.SCHEME, term = Threshold.TERM, kind = MixinKind.AGGREGATOR,
        title = "Nagios-style thresholds with hysteresis", attributes = {Threshold.INPUT, Threshold.OUTPUT,
            Threshold.WARNING, Threshold.CRITICAL, Threshold.HYSTERESIS, Threshold.INITIAL})
public class Threshold implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Threshold";
    public static final String INPUT = "input:in!|channel of the values to check";
    public static final String OUTPUT = "output:out!|channel the state changes are written to";
    public static final String WARNING = "warning:string|Nagios range: alert outside start:end, @ inverts"
            + " (10, 10:, ~:10, 10:20, @10:20)";
    public static final String CRITICAL = "critical:string|Nagios range, as warning";
    public static final String HYSTERESIS = "hysteresis:number[0,]=0|how far back past a threshold a value must move"
            + " before the state improves";
    public static final String INITIAL = "initial:boolean=true|write the first state even when it is OK";

    private String input;
    private String output;
    private StateTracker tracker;
    private boolean writeFirst;
    private State current;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        input = context.channel("input");
        output = context.channel("output");
        NagiosRange warning = range(context, "warning");
        NagiosRange critical = range(context, "critical");
        if (warning == null && critical == null) {
            throw new InvalidAttributeException(prefix + "warning", "give attribute '" + prefix + "warning' or '"
                    + prefix + "critical' (or both): without a range every value is OK");
        }
        double hysteresis = context.number("hysteresis"); // at least 0: checked by the host (HYSTERESIS)
        tracker = new StateTracker(warning, critical, hysteresis);
        writeFirst = context.bool("initial");
        // Without the initial write the state starts as OK, so a first WARNING or CRITICAL is still a change.
        current = writeFirst ? null : State.OK;
    }

    private static NagiosRange range(MixinContext context, String name) throws InvalidAttributeException {
        String text = context.string(name, null);
        if (text == null) {
            return null;
        }
        try {
            return NagiosRange.parse(text);
        } catch (IllegalArgumentException e) {
            String full = context.attributePrefix() + name;
            throw new InvalidAttributeException(full, "attribute '" + full + "': " + e.getMessage());
        }
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        double x = measurement.asDouble();
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("Threshold input on channel '" + channel + "' is not a number: '"
                    + measurement.asString() + "'");
        }
        State next = tracker.next(current, x);
        if (next != current) {
            current = next;
            out.write(output, Measurement.of(next.name(), measurement.timestamp()).withSource(measurement.source())
                    .withState(next));
        }
    }
}
