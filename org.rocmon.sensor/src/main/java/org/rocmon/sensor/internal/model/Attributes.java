package org.rocmon.sensor.internal.model;

import java.util.Map;

/** Reads typed values out of flat OCCI attributes; numbers may come as numeric strings, as in listing 1. */
public final class Attributes {

    private Attributes() {
    }

    /** @return the number, or null when absent */
    public static Double number(Map<String, Object> attrs, String name) throws BadRequest {
        Object v = attrs.get(name);
        if (v == null) {
            return null;
        }
        double d;
        if (v instanceof Number) {
            d = ((Number) v).doubleValue();
        } else if (v instanceof String) {
            try {
                d = Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                throw BadRequest.attribute(name, name + " must be a number, not \"" + v + "\"");
            }
        } else {
            throw BadRequest.attribute(name, name + " must be a number");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw BadRequest.attribute(name, name + " must be a finite number");
        }
        return d;
    }

    /**
     * @param name e.g. occi.sensor.period
     * @return the period in milliseconds, at least 1
     */
    public static long periodMillis(Map<String, Object> attrs, String name) throws BadRequest {
        Double p = number(attrs, name);
        if (p == null) {
            throw BadRequest.attribute(name, name + " is required (seconds, > 0)");
        }
        if (p <= 0) {
            throw BadRequest.attribute(name, name + " must be > 0 seconds");
        }
        if (p > 366 * 86400) {
            throw BadRequest.attribute(name, name + " must be at most a year");
        }
        return Math.max(1, Math.round(p * 1000));
    }

    /**
     * @param prefix e.g. occi.sensor.
     * @return the window given by prefix + timebase/timestart/timestop
     */
    public static TimeWindow window(Map<String, Object> attrs, String prefix) throws BadRequest {
        Double base = number(attrs, prefix + "timebase");
        Double start = number(attrs, prefix + "timestart");
        Double stop = number(attrs, prefix + "timestop");
        if (start != null && start < 0) {
            throw BadRequest.attribute(prefix + "timestart", prefix + "timestart must be >= 0 seconds");
        }
        if (stop != null && stop <= (start == null ? 0 : start)) {
            throw BadRequest.attribute(prefix + "timestop", prefix + "timestop must be after timestart");
        }
        return base == null && start == null && stop == null ? TimeWindow.ALWAYS : new TimeWindow(base, start, stop);
    }
}
