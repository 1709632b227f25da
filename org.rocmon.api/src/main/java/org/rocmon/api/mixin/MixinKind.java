package org.rocmon.api.mixin;

import org.rocmon.api.Monitoring;

/** The three kinds of mixin and the tag mixin each depends on. */
public enum MixinKind {
    /** Collector side: measures a resource. */
    METRIC(Monitoring.METRIC_TAG),
    /** Sensor side: processes measurements. */
    AGGREGATOR(Monitoring.AGGREGATOR_TAG),
    /** Sensor side: delivers measurements outside. */
    PUBLISHER(Monitoring.PUBLISHER_TAG);

    private final String tag;

    MixinKind(String tag) {
        this.tag = tag;
    }

    /** @return the OCCI tag mixin identifier this kind depends on */
    public String tag() {
        return tag;
    }
}
