package org.rocmon.mixins.metric.nagios.internal;

import org.rocmon.api.State;

/**
 * One performance-data item, {@code 'label'=value[UOM];[warn];[crit];[min];[max]}. The value is {@code NaN} when the
 * plugin wrote {@code U} (unknown); ranges, min and max are {@code null} when absent or unreadable.
 */
final class PerfItem {

    final String label;
    final double value;
    final String unit;
    final Range warn;
    final Range crit;
    final Double min;
    final Double max;

    PerfItem(String label, double value, String unit, Range warn, Range crit, Double min, Double max) {
        this.label = label;
        this.value = value;
        this.unit = unit;
        this.warn = warn;
        this.crit = crit;
        this.min = min;
        this.max = max;
    }

    boolean unknown() {
        return Double.isNaN(value);
    }

    /** @return CRITICAL or WARNING when a range raises its alert, OK when ranges exist and do not, else null */
    State state() {
        if (unknown()) {
            return State.UNKNOWN;
        }
        if (crit != null && crit.alerts(value)) {
            return State.CRITICAL;
        }
        if (warn != null && warn.alerts(value)) {
            return State.WARNING;
        }
        return crit != null || warn != null ? State.OK : null;
    }

    @Override
    public String toString() {
        return "'" + label + "'=" + (unknown() ? "U" : Double.toString(value)) + (unit == null ? "" : unit) + ";"
                + (warn == null ? "" : warn) + ";" + (crit == null ? "" : crit) + ";" + (min == null ? "" : min) + ";"
                + (max == null ? "" : max);
    }
}
