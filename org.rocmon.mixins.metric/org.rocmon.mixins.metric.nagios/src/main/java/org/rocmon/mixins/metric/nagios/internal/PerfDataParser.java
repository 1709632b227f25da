package org.rocmon.mixins.metric.nagios.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses performance data as the Monitoring Plugins development guidelines define it: space-separated items
 * {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, labels single-quoted when they hold spaces or '=' (a quote
 * inside is doubled). Plugins in the wild bend the rules, so a malformed item is skipped and counted, never fatal.
 */
final class PerfDataParser {

    private static final Pattern VALUE = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)(.*)");

    /** The items and how many were malformed. */
    static final class Result {
        final List<PerfItem> items;
        final int malformed;

        Result(List<PerfItem> items, int malformed) {
            this.items = items;
            this.malformed = malformed;
        }
    }

    private PerfDataParser() {
    }

    static Result parse(String perfData) {
        List<PerfItem> items = new ArrayList<>();
        int malformed = 0;
        String s = perfData == null ? "" : perfData;
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder label = new StringBuilder();
            boolean ok = true;
            if (s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\'') {
                        if (i < n && s.charAt(i) == '\'') {
                            label.append('\'');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        label.append(c);
                    }
                }
                ok = closed && i < n && s.charAt(i) == '=';
            } else {
                while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                    label.append(s.charAt(i++));
                }
                ok = i < n && s.charAt(i) == '=';
            }
            int valueStart = ok ? i + 1 : i;
            int end = valueStart;
            while (end < n && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            PerfItem item = ok && label.length() > 0 ? item(label.toString(), s.substring(valueStart, end)) : null;
            if (item == null) {
                malformed++;
            } else {
                items.add(item);
            }
            i = Math.max(end, i + 1);
        }
        return new Result(items, malformed);
    }

    /** @return the item, or null when the value part is not {@code value[UOM][;warn;crit;min;max]} */
    private static PerfItem item(String label, String rest) {
        String[] f = rest.split(";", -1);
        double value;
        String unit;
        if (f[0].equals("U")) {
            value = Double.NaN;
            unit = null;
        } else {
            // Some locales make plugins write a decimal comma; no valid value holds a comma otherwise.
            Matcher m = VALUE.matcher(f[0].replace(',', '.'));
            if (!m.matches()) {
                return null;
            }
            value = Double.parseDouble(m.group(1));
            unit = m.group(2).isEmpty() ? null : m.group(2);
        }
        return new PerfItem(label, value, unit, range(f, 1), range(f, 2), bound(f, 3), bound(f, 4));
    }

    private static Range range(String[] f, int index) {
        return index < f.length ? Range.parse(f[index].replace(',', '.')) : null;
    }

    private static Double bound(String[] f, int index) {
        if (index >= f.length) {
            return null;
        }
        Matcher m = VALUE.matcher(f[index].trim().replace(',', '.'));
        return m.matches() && m.group(2).isEmpty() ? Double.valueOf(m.group(1)) : null;
    }
}
