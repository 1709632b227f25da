package org.rocmon.mixins.aggregator.filter.internal;

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
 * Forwards at most {@code persecond} measurements per second of one channel with a token bucket, dropping and
 * counting the excess; the count of the last period is written on every tick to the optional {@code dropped}
 * channel. The bucket refills on ticks from the runtime's {@code now}, not from measurement timestamps, which
 * come from other hosts' clocks.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = RateLimit.SCHEME, term = RateLimit.TERM, kind = MixinKind.AGGREGATOR,
        title = "Limit the rate of a channel", attributes = {RateLimit.INPUT, RateLimit.OUTPUT, RateLimit.PERSECOND,
            RateLimit.DROPPED})
public class RateLimit implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "RateLimit";
    public static final String INPUT = "input:in!|channel to limit";
    public static final String OUTPUT = "output:out!|channel the measurements within the limit are written to";
    public static final String PERSECOND = "persecond:number!(0,]|measurements forwarded per second";
    public static final String DROPPED = "dropped:out?|channel the number dropped in each period is written to";

    private String entityId;
    private String input;
    private String output;
    private String droppedChannel;
    private TokenBucket bucket;
    private long dropped;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        entityId = context.entityId();
        input = context.channel("input");
        output = context.channel("output");
        droppedChannel = context.optionalChannel("dropped").orElse(null);
        // More than 0: the host checks the range of PERSECOND.
        double persecond = context.number("persecond");
        bucket = new TokenBucket(persecond, context.periodMillis());
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        if (bucket.take()) {
            out.write(output, measurement);
        } else {
            dropped++;
        }
    }

    @Override
    public void tick(long now, Output out) {
        if (droppedChannel != null) {
            out.write(droppedChannel, Measurement.of(dropped, now).withSource(entityId));
        }
        dropped = 0;
        bucket.refill(now);
    }
}
