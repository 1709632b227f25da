package org.rocmon.sensor.internal.model;

import java.util.Map;
import org.rocmon.http.Problem;

/** Reads typed values out of flat OCCI attributes; numbers may come as numeric strings, as in listing 1. */
public final class Attributes {

    private Attributes() {
    }

    /** @return the number, or null when absent */
    public static Double number(Map<String, Object> attrs, String name) throws Problem {
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
                throw Problem.badRequest(name + " must be a number, not \"" + v + "\"", name);
            }
        } else {
            throw Problem.badRequest(name + " must be a number", name);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Problem.badRequest(name + " must be a finite number", name);
        }
        return d;
    }

    /**
     * @param name e.g. occi.sensor.period
     * @return the period in milliseconds, at least 1
     */
    public static long periodMillis(Map<String, Object> attrs, String name) throws Problem {
        Double p = number(attrs, name);
        if (p == null) {
            throw Problem.badRequest(name + " is required (seconds, > 0)", name);
        }
        if (p <= 0) {
            throw Problem.badRequest(name + " must be > 0 seconds", name);
        }
        if (p > 366 * 86400) {
            throw Problem.badRequest(name + " must be at most a year", name);
        }
        return Math.max(1, Math.round(p * 1000));
    }

    /**
     * @param prefix e.g. occi.sensor.
     * @return the window given by prefix + timebase/timestart/timestop
     */
    public static TimeWindow window(Map<String, Object> attrs, String prefix) throws Problem {
        Double base = number(attrs, prefix + "timebase");
        Double start = number(attrs, prefix + "timestart");
        Double stop = number(attrs, prefix + "timestop");
        if (start != null && start < 0) {
            throw Problem.badRequest(prefix + "timestart must be >= 0 seconds", prefix + "timestart");
        }
        if (stop != null && stop <= (start == null ? 0 : start)) {
            throw Problem.badRequest(prefix + "timestop must be after timestart", prefix + "timestop");
        }
        return base == null && start == null && stop == null ? TimeWindow.ALWAYS : new TimeWindow(base, start, stop);
    }
}
