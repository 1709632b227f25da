package org.rocmon.mixins.metric.system.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/** Reading the optional {@code out} attributes of mixins that write whatever subset of their figures is asked. */
final class Outputs {

    private Outputs() {
    }

    /**
     * @param context the mixin's context
     * @param names short names of optional {@code out} attributes
     * @return channel by attribute name, for those given, in the order of {@code names}
     * @throws InvalidAttributeException naming the first attribute when none is given: a metric that writes
     *         nothing is a configuration mistake
     */
    static Map<String, String> atLeastOne(MixinContext context, String... names) throws InvalidAttributeException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            context.optionalChannel(name).ifPresent(channel -> out.put(name, channel));
        }
        if (out.isEmpty()) {
            throw new InvalidAttributeException(context.attributePrefix() + names[0], "give at least one of "
                    + String.join(", ", names) + " under " + context.attributePrefix()
                    + ": without an output channel this metric writes nothing");
        }
        return out;
    }

    /** @return the channel of an optional {@code out} attribute, or null when absent */
    static String optional(MixinContext context, String name) throws InvalidAttributeException {
        return context.optionalChannel(name).orElse(null);
    }
}
