package org.rocmon.mixins.aggregator.ewma.internal;

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
 * Exponentially weighted moving average of one channel: the first value starts the average, then
 * {@code avg = (avg * (gain - 1) + x) / gain}. Unlike listing 3 of the paper, which pushed the input on, the
 * average is what goes out, stamped with the input's timestamp (and keeping its source, unit and state).
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Ewma.SCHEME, term = Ewma.TERM, kind = MixinKind.AGGREGATOR,
        title = "Exponentially weighted moving average", attributes = {Ewma.GAIN, Ewma.INSTREAM, Ewma.OUTSTREAM})
public class Ewma implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "EWMA";
    // At least 1: a smaller gain would make the old average weigh negatively, so the output would diverge.
    public static final String GAIN = "gain:number[1,]=16|weight divisor of the average (1 forwards the input)";
    public static final String INSTREAM = "instream:in!|channel of the values to average";
    public static final String OUTSTREAM = "outstream:out!|channel the average is written to";

    private double gain;
    private String instream;
    private String outstream;
    private boolean started;
    private double average;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        gain = context.number("gain");
        instream = context.channel("instream");
        outstream = context.channel("outstream");
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!instream.equals(channel)) {
            return;
        }
        double x = measurement.asDouble();
        // A non-finite sample would poison every later average, so it is refused and left to the runtime's count.
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("EWMA input on channel '" + channel + "' is not a finite number: '"
                    + measurement.asString() + "'");
        }
        if (started) {
            average = (average * (gain - 1) + x) / gain;
        } else {
            average = x;
            started = true;
        }
        out.write(outstream, measurement.withValue(average));
    }
}
