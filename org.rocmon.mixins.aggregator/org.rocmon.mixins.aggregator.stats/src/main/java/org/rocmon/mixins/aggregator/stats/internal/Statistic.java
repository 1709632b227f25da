package org.rocmon.mixins.aggregator.stats.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rocmon.api.mixin.InvalidAttributeException;

/** One statistic a window can give, parsed from the comma list of the {@code statistics} attribute. */
final class Statistic {

    /** What is computed. */
    enum Kind {
        COUNT, SUM, MEAN, MEDIAN, MIN, MAX, STDDEV, VARIANCE, RATE, PERCENTILE
    }

    static final String KNOWN = "count, sum, mean, median, min, max, stddev, variance, rate, p50, p90, p95, p99"
            + " or pN with 0 <= N <= 100";

    // p99.9 is allowed: the dot is legal in channel names and fractional percentiles are common for latency.
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,6})?)");

    final Kind kind;
    /** Percentile in 0..100 for {@link Kind#PERCENTILE} and {@link Kind#MEDIAN}. */
    final double percent;
    /** Canonical name, used as the last segment of the output channel. */
    final String name;

    private Statistic(Kind kind, double percent, String name) {
        this.kind = kind;
        this.percent = percent;
        this.name = name;
    }

    /** @return whether computing it needs the window's values, not just running sums */
    boolean needsSamples() {
        return kind == Kind.MEDIAN || kind == Kind.PERCENTILE;
    }

    /**
     * @param text comma list, e.g. {@code "mean, p99,max"}
     * @param attribute full attribute name, for refusals
     * @return the statistics in the order given
     * @throws InvalidAttributeException when a name is unknown, repeated, or the list is empty
     */
    static List<Statistic> parseList(String text, String attribute) throws InvalidAttributeException {
        List<Statistic> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String token = part.trim().toLowerCase(Locale.ROOT);
            if (token.isEmpty()) {
                throw new InvalidAttributeException(attribute,
                        "attribute '" + attribute + "' has an empty statistic name in '" + text + "'; known: " + KNOWN);
            }
            Statistic s = parse(token, attribute);
            if (!seen.add(s.name)) {
                throw new InvalidAttributeException(attribute,
                        "attribute '" + attribute + "' lists statistic '" + s.name + "' twice");
            }
            out.add(s);
        }
        return out;
    }

    private static Statistic parse(String token, String attribute) throws InvalidAttributeException {
        Matcher m = PERCENTILE.matcher(token);
        if (m.matches()) {
            double p = Double.parseDouble(m.group(1));
            if (p > 100) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' has percentile '"
                        + token + "' above 100; known: " + KNOWN);
            }
            return new Statistic(Kind.PERCENTILE, p, token);
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.PERCENTILE && k.name().toLowerCase(Locale.ROOT).equals(token)) {
                return new Statistic(k, k == Kind.MEDIAN ? 50 : Double.NaN, token);
            }
        }
        throw new InvalidAttributeException(attribute,
                "attribute '" + attribute + "' has unknown statistic '" + token + "'; known: " + KNOWN);
    }

    @Override
    public String toString() {
        return name;
    }
}
