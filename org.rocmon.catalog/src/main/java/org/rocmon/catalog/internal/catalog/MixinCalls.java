package org.rocmon.catalog.internal.catalog;

import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Publisher;

/** The three SPI interfaces share open/close but no supertype; this maps a kind to its interface and calls. */
final class MixinCalls {

    private MixinCalls() {
    }

    /**
     * @param type an SPI interface
     * @return its kind
     * @throws IllegalArgumentException for any other type
     */
    static MixinKind kindOf(Class<?> type) {
        if (type == Metric.class) {
            return MixinKind.METRIC;
        }
        if (type == Aggregator.class) {
            return MixinKind.AGGREGATOR;
        }
        if (type == Publisher.class) {
            return MixinKind.PUBLISHER;
        }
        throw new IllegalArgumentException("not a mixin SPI type: " + type);
    }

    static void open(MixinKind kind, Object mixin, MixinContext context) throws InvalidAttributeException {
        switch (kind) {
            case METRIC:
                ((Metric) mixin).open(context);
                break;
            case AGGREGATOR:
                ((Aggregator) mixin).open(context);
                break;
            default:
                ((Publisher) mixin).open(context);
                break;
        }
    }

    static void close(MixinKind kind, Object mixin) {
        switch (kind) {
            case METRIC:
                ((Metric) mixin).close();
                break;
            case AGGREGATOR:
                ((Aggregator) mixin).close();
                break;
            default:
                ((Publisher) mixin).close();
                break;
        }
    }
}
