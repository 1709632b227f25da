package org.rocmon.mixins.metric.nagios.internal;

/**
 * A threshold range of the Monitoring Plugins development guidelines: {@code [@]start:end}, where {@code 10} means
 * 0..10, {@code 10:} means 10..infinity, {@code ~:10} means -infinity..10 and {@code 10:20} means 10..20. A value
 * outside the range raises the alert; with the leading {@code @} a value inside it (ends included) does.
 */
final class Range {

    private final double start;
    private final double end;
    private final boolean inside;

    Range(double start, double end, boolean inside) {
        this.start = start;
        this.end = end;
        this.inside = inside;
    }

    /**
     * @param text a range as written in a threshold or perf-data field
     * @return the range, or {@code null} when the text is empty or not a range (perf data is best effort)
     */
    static Range parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        boolean inside = t.startsWith("@");
        if (inside) {
            t = t.substring(1);
        }
        double start = 0;
        double end;
        int colon = t.indexOf(':');
        try {
            if (colon < 0) {
                end = number(t);
            } else {
                String s = t.substring(0, colon);
                String e = t.substring(colon + 1);
                start = s.equals("~") ? Double.NEGATIVE_INFINITY : s.isEmpty() ? 0 : number(s);
                end = e.isEmpty() ? Double.POSITIVE_INFINITY : number(e);
            }
        } catch (NumberFormatException ex) {
            return null;
        }
        if (Double.isNaN(start) || Double.isNaN(end) || start > end) {
            return null;
        }
        return new Range(start, end, inside);
    }

    private static double number(String s) {
        // Guard against Java-only spellings ("1f", "0x10", "Infinity") that no plugin writes.
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    /** @return whether the value raises the alert this range stands for */
    boolean alerts(double value) {
        boolean within = value >= start && value <= end;
        return inside ? within : !within;
    }

    double start() {
        return start;
    }

    double end() {
        return end;
    }

    boolean inside() {
        return inside;
    }

    @Override
    public String toString() {
        return (inside ? "@" : "") + (start == Double.NEGATIVE_INFINITY ? "~" : Double.toString(start)) + ":"
                + (end == Double.POSITIVE_INFINITY ? "" : Double.toString(end));
    }
}
