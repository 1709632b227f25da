package org.rocmon.api;

/**
 * Identifiers of the OCCI monitoring extension and of the native sensor and collector attributes.
 *
 * <p>Periods and times are in seconds, as in the OCCI monitoring draft.
 */
public final class Monitoring {

    /** Scheme of the OCCI core categories. */
    public static final String CORE_SCHEME = "http://schemas.ogf.org/occi/core#";
    /** Scheme of the monitoring kinds and tag mixins. */
    public static final String SCHEME = "http://schemas.ogf.org/occi/monitoring#";

    /** Kind of a sensor: an OCCI Resource that processes and delivers monitoring data. */
    public static final String SENSOR_KIND = SCHEME + "sensor";
    /** Kind of a collector: an OCCI Link from a monitored resource (source) to a sensor (target). */
    public static final String COLLECTOR_KIND = SCHEME + "collector";
    /** Tag mixin every metric mixin depends on. */
    public static final String METRIC_TAG = SCHEME + "metric";
    /** Tag mixin every aggregator mixin depends on. */
    public static final String AGGREGATOR_TAG = SCHEME + "aggregator";
    /** Tag mixin every publisher mixin depends on. */
    public static final String PUBLISHER_TAG = SCHEME + "publisher";

    /** Sensor period in seconds: how often aggregators and publishers are ticked. Required, positive. */
    public static final String SENSOR_PERIOD = "occi.sensor.period";
    /** Epoch seconds the sensor's window is relative to; negative suspends the sensor. */
    public static final String SENSOR_TIMEBASE = "occi.sensor.timebase";
    /** Seconds after the timebase at which the sensor starts. */
    public static final String SENSOR_TIMESTART = "occi.sensor.timestart";
    /** Seconds after the timebase at which the sensor stops. */
    public static final String SENSOR_TIMESTOP = "occi.sensor.timestop";

    /** Collector period in seconds: how often the metric mixins measure. Required, positive. */
    public static final String COLLECTOR_PERIOD = "occi.collector.period";
    /** Epoch seconds the collector's window is relative to; negative suspends the collector. */
    public static final String COLLECTOR_TIMEBASE = "occi.collector.timebase";
    /** Seconds after the timebase at which the collector starts. */
    public static final String COLLECTOR_TIMESTART = "occi.collector.timestart";
    /** Seconds after the timebase at which the collector stops. */
    public static final String COLLECTOR_TIMESTOP = "occi.collector.timestop";

    private Monitoring() {
    }
}
