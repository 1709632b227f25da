package org.rocmon.mixins.metric.net.internal;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/** The {@code timeout} attribute both checks share. */
final class Timeouts {

    static final double MAX_SECONDS = 600;

    private Timeouts() {
    }

    /** @return the {@code timeout} attribute in milliseconds (at least 1) */
    static int millis(MixinContext context) throws InvalidAttributeException {
        double seconds = context.number("timeout");
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new InvalidAttributeException(context.attributePrefix() + "timeout",
                    "timeout must be more than 0 and at most " + (int) MAX_SECONDS + " seconds, not " + seconds);
        }
        return (int) Math.max(1, Math.round(seconds * 1000));
    }
}
