package org.rocmon.mixins.aggregator.threshold.internal;

import java.util.regex.Pattern;

/**
 * A threshold range in the syntax of the Monitoring Plugins development guidelines: {@code [@]start:end}, where
 * {@code start} defaults to 0 and may be {@code ~} (negative infinity), a missing {@code end} is positive
 * infinity, and a bare number {@code N} means {@code 0:N}. A value alerts when it is outside {@code start..end}
 * (ends included in the range), or, with a leading {@code @}, when it is inside. Examples: {@code 10} alerts
 * below 0 or above 10; {@code 10:} below 10; {@code ~:10} above 10; {@code 10:20} outside 10..20; {@code @10:20}
 * inside 10..20.
 */
final class NagiosRange {

    // Stricter than the C plugins' strtod, which would read "abc" as 0: a typo must not become a threshold.
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final double start;
    private final double end;
    private final boolean inside;
    private final String text;

    private NagiosRange(double start, double end, boolean inside, String text) {
        this.start = start;
        this.end = end;
        this.inside = inside;
        this.text = text;
    }

    /**
     * @param text the range
     * @return the parsed range
     * @throws IllegalArgumentException saying what is wrong, when the text is not a range or start > end
     */
    static NagiosRange parse(String text) {
        String s = text == null ? "" : text.trim();
        String original = s;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an empty range");
        }
        boolean inside = s.charAt(0) == '@';
        if (inside) {
            s = s.substring(1);
        }
        double start = 0;
        double end;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String startText = s.substring(0, colon).trim();
            String endText = s.substring(colon + 1).trim();
            if (startText.equals("~")) {
                start = Double.NEGATIVE_INFINITY;
            } else if (!startText.isEmpty()) {
                start = number(startText, original);
            }
            end = endText.isEmpty() ? Double.POSITIVE_INFINITY : number(endText, original);
        } else {
            end = number(s.trim(), original);
        }
        if (start > end) {
            throw new IllegalArgumentException("range '" + original + "' starts above its end");
        }
        return new NagiosRange(start, end, inside, original);
    }

    private static double number(String s, String range) {
        if (!NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException("range '" + range + "' has '" + s + "' where a number belongs"
                    + " (syntax [@]start:end, start may be ~, e.g. 10, 10:, ~:10, 10:20, @10:20)");
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("range '" + range + "' has a number out of range: '" + s + "'");
        }
        return d;
    }

    /** @return whether the value raises the alert */
    boolean alerts(double x) {
        boolean in = start <= x && x <= end;
        return inside == in;
    }

    /**
     * @param x a value
     * @param margin how far past the boundary a value must be to leave the alert (hysteresis), {@code >= 0}
     * @return whether the value alerts or lies within {@code margin} of the alerting values
     */
    boolean alertsWithin(double x, double margin) {
        if (inside) {
            return start - margin <= x && x <= end + margin;
        }
        return x < start + margin || x > end - margin;
    }

    @Override
    public String toString() {
        return text;
    }
}
