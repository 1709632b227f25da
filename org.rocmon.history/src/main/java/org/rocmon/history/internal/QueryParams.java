package org.rocmon.history.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;

import org.rocmon.api.history.Aggregation;
import org.rocmon.http.Problem;

/**
 * The query parameters of {@code GET /history/{sensor}/{channel}}, with the STH-Comet (FIWARE) names accepted as
 * aliases: {@code dateFrom}/{@code dateTo} for {@code from}/{@code to}, {@code aggrMethod} for {@code aggregation}
 * ({@code occur} is {@code count}), {@code aggrPeriod} for {@code resolution} ({@code second}, {@code minute},
 * {@code hour}, {@code day}), and {@code hLimit}/{@code hOffset} paging raw values. Every refusal names the
 * parameter as the client spelled it.
 */
final class QueryParams {

    /** How far back a range reaches when only {@code to} (or nothing) is given. */
    static final long DEFAULT_WINDOW_MS = 3_600_000L;

    String source;
    Integer lastN;
    Integer hLimit;
    int hOffset;
    Long from;
    Long to;
    String fromName = "from";
    long resolution;
    String resolutionName = "resolution";
    Aggregation aggregation;

    /** @return whether the query asks for raw values rather than consolidated points */
    boolean raw() {
        return lastN != null || hLimit != null;
    }

    static QueryParams parse(Map<String, String[]> params, int rawCapacity) throws Problem {
        QueryParams q = new QueryParams();
        for (String name : params.keySet()) {
            switch (name) {
                case "source": case "lastN": case "hLimit": case "hOffset": case "from": case "dateFrom": case "to":
                case "dateTo": case "resolution": case "aggrPeriod": case "aggregation": case "aggrMethod":
                    break;
                default:
                    throw Problem.badRequest("unknown query parameter '" + name + "'; see docs/history.md", name);
            }
        }
        q.source = one(params, "source", null);
        String lastN = one(params, "lastN", null);
        if (lastN != null) {
            q.lastN = count(lastN, "lastN", 1, rawCapacity);
        }
        String hLimit = one(params, "hLimit", null);
        if (hLimit != null) {
            q.hLimit = count(hLimit, "hLimit", 1, rawCapacity);
        }
        String hOffset = one(params, "hOffset", null);
        if (hOffset != null) {
            q.hOffset = count(hOffset, "hOffset", 0, rawCapacity);
        }
        String fromName = params.containsKey("dateFrom") ? "dateFrom" : "from";
        String toName = params.containsKey("dateTo") ? "dateTo" : "to";
        q.fromName = fromName;
        q.from = time(aliased(params, "from", "dateFrom"), fromName);
        q.to = time(aliased(params, "to", "dateTo"), toName);
        if (q.from != null && q.to != null && q.from > q.to) {
            throw Problem.badRequest(fromName + " (" + Instant.ofEpochMilli(q.from) + ") is after " + toName + " ("
                    + Instant.ofEpochMilli(q.to) + ")", fromName);
        }
        String resName = params.containsKey("aggrPeriod") ? "aggrPeriod" : "resolution";
        q.resolutionName = resName;
        String res = aliased(params, "resolution", "aggrPeriod");
        if (res != null) {
            q.resolution = resolution(res, resName);
        }
        String aggName = params.containsKey("aggrMethod") ? "aggrMethod" : "aggregation";
        String agg = aliased(params, "aggregation", "aggrMethod");
        if (agg != null) {
            q.aggregation = aggregation(agg, aggName);
        }
        if (q.raw() && (res != null || agg != null)) {
            throw Problem.badRequest((q.lastN != null ? "lastN" : "hLimit") + " asks for raw values and " + (agg != null
                    ? aggName : resName) + " for consolidated points: give one or the other", agg != null ? aggName
                    : resName);
        }
        if (q.lastN != null && q.hLimit != null) {
            throw Problem.badRequest("give lastN or hLimit/hOffset, not both", "hLimit");
        }
        return q;
    }

    /** Fills in the default range: up to now, one hour long. */
    void defaults(long now) {
        if (to == null) {
            to = from != null && from > now ? from : now;
        }
        if (from == null) {
            from = to - DEFAULT_WINDOW_MS;
        }
    }

    private static String one(Map<String, String[]> params, String name, String fallback) throws Problem {
        String[] v = params.get(name);
        if (v == null || v.length == 0) {
            return fallback;
        }
        if (v.length > 1) {
            throw Problem.badRequest("parameter '" + name + "' is given " + v.length + " times", name);
        }
        if (v[0].isBlank()) {
            throw Problem.badRequest("parameter '" + name + "' is empty", name);
        }
        return v[0].trim();
    }

    private static String aliased(Map<String, String[]> params, String name, String alias) throws Problem {
        if (params.containsKey(name) && params.containsKey(alias)) {
            throw Problem.badRequest("'" + alias + "' is another name of '" + name + "': give one", alias);
        }
        return params.containsKey(alias) ? one(params, alias, null) : one(params, name, null);
    }

    private static int count(String text, String name, int min, int max) throws Problem {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name + " must be a whole number, not '" + text + "'", name);
        }
        if (n < min || n > max) {
            throw Problem.badRequest(name + " must be between " + min + " and " + max
                    + " (the raw values each series keeps), not " + text, name).with("max", max);
        }
        return (int) n;
    }

    /** Epoch milliseconds, or ISO-8601 with an offset ({@code 2026-12-06T18:00:00Z}). */
    static Long time(String text, String name) throws Problem {
        if (text == null) {
            return null;
        }
        if (text.matches("-?\\d{1,15}")) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeException e2) {
                throw Problem.badRequest(name + " must be epoch milliseconds or an ISO-8601 time with offset "
                        + "(e.g. 2026-12-06T18:00:00Z), not '" + text + "'", name);
            }
        }
    }

    private static long resolution(String text, String name) throws Problem {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "second": return 1;
            case "minute": return 60;
            case "hour": return 3_600;
            case "day": return 86_400;
            case "month": return 30 * 86_400L;
            default:
                try {
                    long s = Layout.seconds(text, name);
                    if (s < 1) {
                        throw new IllegalArgumentException();
                    }
                    return s;
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest(name + " must be seconds or a duration such as 10s, 1m, 1h"
                            + (name.equals("aggrPeriod") ? " (or second, minute, hour, day)" : "") + ", not '" + text
                            + "'", name);
                }
        }
    }

    private static Aggregation aggregation(String text, String name) throws Problem {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "min": return Aggregation.MIN;
            case "max": return Aggregation.MAX;
            case "avg": case "average": return Aggregation.AVG;
            case "sum": return Aggregation.SUM;
            case "count": case "occur": return Aggregation.COUNT;
            case "last": return Aggregation.LAST;
            default:
                throw Problem.badRequest(name + " must be one of min, max, avg, sum, count, last (STH-Comet's occur "
                        + "is count; sum2 is not kept), not '" + text + "'", name)
                        .with("available", java.util.List.of("min", "max", "avg", "sum", "count", "last"));
        }
    }
}
