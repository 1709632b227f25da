package org.rocmon.mixins.publisher.prometheus.internal;

import java.util.regex.Pattern;

/** Prometheus metric names: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
final class MetricNames {

    static final Pattern VALID = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern INVALID_CHAR = Pattern.compile("[^a-zA-Z0-9_:]");

    private MetricNames() {
    }

    /** @return {@code <prefix>_<channel>} with every other character turned into '_' */
    static String of(String prefix, String channel) {
        String name = INVALID_CHAR.matcher(prefix + "_" + channel).replaceAll("_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
