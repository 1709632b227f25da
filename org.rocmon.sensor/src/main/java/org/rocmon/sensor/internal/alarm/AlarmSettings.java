package org.rocmon.sensor.internal.alarm;

import java.util.Map;

import org.rocmon.http.Problem;

/**
 * When silence and a lost link become alarms: node-wide defaults (configuration PID {@code org.rocmon.sensor}),
 * which a sensor may override with its own attributes {@code rocmon.alarms.silence.periods},
 * {@code rocmon.alarms.silence.grace} and {@code rocmon.alarms.link.grace} (seconds), or switch off with
 * {@code rocmon.alarms.enabled = false}.
 *
 * @param silencePeriods a collector is silent after this many of its periods without a frame (k)
 * @param graceMillis added to those periods before the alarm
 * @param linkGraceMillis how long a sensor-to-sensor collector may be disconnected before the alarm
 * @param enabled whether the sensor raises alarms at all
 */
public record AlarmSettings(int silencePeriods, long graceMillis, long linkGraceMillis, boolean enabled) {

    public static final String PERIODS = "rocmon.alarms.silence.periods";
    public static final String GRACE = "rocmon.alarms.silence.grace";
    public static final String LINK_GRACE = "rocmon.alarms.link.grace";
    public static final String ENABLED = "rocmon.alarms.enabled";

    /** k = 3 periods, 2 s of grace, 10 s for a link. */
    public static final AlarmSettings DEFAULTS = new AlarmSettings(3, 2_000, 10_000, true);

    public AlarmSettings {
        if (silencePeriods < 1 || silencePeriods > 1000) {
            throw new IllegalArgumentException("silence periods must be 1..1000, not " + silencePeriods);
        }
        if (graceMillis < 0 || linkGraceMillis < 0) {
            throw new IllegalArgumentException("grace times must not be negative");
        }
    }

    /**
     * @param attributes a sensor's flat attributes
     * @return these defaults with the sensor's overrides
     * @throws Problem 400 naming the attribute when one is not a number in range
     */
    public AlarmSettings with(Map<String, Object> attributes) throws Problem {
        int k = (int) number(attributes, PERIODS, silencePeriods, 1, 1000);
        double grace = number(attributes, GRACE, graceMillis / 1000.0, 0, 86_400);
        double link = number(attributes, LINK_GRACE, linkGraceMillis / 1000.0, 0, 86_400);
        Object e = attributes.get(ENABLED);
        boolean on = enabled;
        if (e != null) {
            if (!"true".equals(String.valueOf(e)) && !"false".equals(String.valueOf(e))) {
                throw Problem.badRequest(ENABLED + " must be true or false, not " + e, ENABLED);
            }
            on = Boolean.parseBoolean(String.valueOf(e));
        }
        return new AlarmSettings(k, Math.round(grace * 1000), Math.round(link * 1000), on);
    }

    /** Like {@link #with} for a description already accepted: a bad value falls back to the default. */
    public AlarmSettings withOrDefaults(Map<String, Object> attributes) {
        try {
            return with(attributes);
        } catch (Problem e) {
            return this;
        }
    }

    private static double number(Map<String, Object> attributes, String name, double fallback, double min,
            double max) throws Problem {
        Object v = attributes.get(name);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException ex) {
            throw Problem.badRequest(name + " must be a number, not \"" + v + "\"", name);
        }
        if (!(d >= min && d <= max)) {
            throw Problem.badRequest(name + " must be between " + (long) min + " and " + (long) max + ", not " + v,
                    name);
        }
        return d;
    }
}
