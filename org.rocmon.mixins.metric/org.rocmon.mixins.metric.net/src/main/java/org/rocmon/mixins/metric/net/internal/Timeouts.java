package org.rocmon.mixins.metric.net.internal;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/** The {@code timeout} attribute both checks share. */
final class Timeouts {

    private Timeouts() {
    }

    /** @return the {@code timeout} attribute (range (0,600] checked by the host) in milliseconds, at least 1 */
    static int millis(MixinContext context) throws InvalidAttributeException {
        double seconds = context.number("timeout");
        return (int) Math.max(1, Math.round(seconds * 1000));
    }
}
