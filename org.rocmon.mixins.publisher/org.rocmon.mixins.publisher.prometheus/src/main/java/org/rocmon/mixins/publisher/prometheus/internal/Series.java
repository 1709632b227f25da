package org.rocmon.mixins.publisher.prometheus.internal;

import java.util.Objects;

/** The latest value of one gauge series: a metric name and its {@code sensor} and {@code source} labels. */
final class Series {

    final String name;
    final String help;
    final String sensor;
    /** Id of the collector the value came from, or {@code null} (then the label is left out). */
    final String source;
    final double value;

    Series(String name, String help, String sensor, String source, double value) {
        this.name = Objects.requireNonNull(name);
        this.help = help;
        this.sensor = Objects.requireNonNull(sensor);
        this.source = source;
        this.value = value;
    }

    /** @return what identifies the series; sorting by it keeps one metric family's samples together */
    String key() {
        return key(name, sensor, source);
    }

    static String key(String name, String sensor, String source) {
        return name + '\u0000' + sensor + '\u0000' + (source == null ? "" : source);
    }
}
