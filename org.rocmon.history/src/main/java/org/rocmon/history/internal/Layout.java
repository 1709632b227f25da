package org.rocmon.history.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rocmon.api.history.ArchiveDTO;

/**
 * The validated shape of every series: the base step, the consolidated archives (resolution and span), the
 * heartbeat and the bounds. Built from the component configuration; a bad value fails activation with a message
 * naming the property.
 */
final class Layout {

    /** One archive: {@code resolution} seconds per point for {@code span} seconds. */
    static final class Archive {
        final long resolution;
        final long span;

        Archive(long resolution, long span) {
            this.resolution = resolution;
            this.span = span;
        }

        long rows() {
            return span / resolution;
        }

        ArchiveDTO dto() {
            ArchiveDTO a = new ArchiveDTO();
            a.resolution = resolution;
            a.span = span;
            return a;
        }

        @Override
        public String toString() {
            return format(resolution) + ":" + format(span);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhdy]?)");
    private static final Pattern ARCHIVE = Pattern.compile("\\s*([^:\\s]+)\\s*:\\s*([^:\\s]+)\\s*");

    final long step;
    final List<Archive> archives;
    final long heartbeat;
    final int rawValues;
    final int maxSeries;
    final int queueCapacity;

    Layout(long step, List<Archive> archives, long heartbeat, int rawValues, int maxSeries, int queueCapacity) {
        this.step = step;
        this.archives = List.copyOf(archives);
        this.heartbeat = heartbeat;
        this.rawValues = rawValues;
        this.maxSeries = maxSeries;
        this.queueCapacity = queueCapacity;
    }

    /**
     * @throws IllegalArgumentException naming the configuration property at fault
     */
    static Layout of(HistoryStoreComponent.Config c) {
        return of(c.stepSeconds(), c.archives(), c.heartbeatSeconds(), c.rawValues(), c.maxSeries(),
                c.queueCapacity());
    }

    static Layout of(long step, String[] archiveSpecs, long heartbeat, int rawValues, int maxSeries,
            int queueCapacity) {
        if (step < 1 || step > 86_400) {
            throw new IllegalArgumentException("stepSeconds must be between 1 and 86400, not " + step);
        }
        if (archiveSpecs == null || archiveSpecs.length == 0) {
            throw new IllegalArgumentException("archives must name at least one archive, e.g. 10s:1d");
        }
        List<Archive> out = new ArrayList<>();
        for (String spec : archiveSpecs) {
            Matcher m = ARCHIVE.matcher(spec == null ? "" : spec);
            if (!m.matches()) {
                throw new IllegalArgumentException("archives: '" + spec + "' is not <resolution>:<span>, e.g. 1m:30d");
            }
            long res = seconds(m.group(1), "archives");
            long span = seconds(m.group(2), "archives");
            if (res % step != 0) {
                throw new IllegalArgumentException("archives: resolution of '" + spec + "' is not a multiple of the "
                        + step + " s step");
            }
            if (span < res || span % res != 0) {
                throw new IllegalArgumentException("archives: span of '" + spec
                        + "' is not a whole number of its resolution");
            }
            if (span / res > 10_000_000) {
                throw new IllegalArgumentException("archives: '" + spec + "' would keep more than 10000000 points");
            }
            if (!out.isEmpty() && res <= out.get(out.size() - 1).resolution) {
                throw new IllegalArgumentException("archives: list them finest first, each coarser than the one before ('"
                        + spec + "')");
            }
            out.add(new Archive(res, span));
        }
        if (heartbeat < step) {
            throw new IllegalArgumentException("heartbeatSeconds must be at least the step (" + step + "), not "
                    + heartbeat);
        }
        if (rawValues < 1 || rawValues > 100_000) {
            throw new IllegalArgumentException("rawValues must be between 1 and 100000, not " + rawValues);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1, not " + maxSeries);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
        }
        return new Layout(step, out, heartbeat, rawValues, maxSeries, queueCapacity);
    }

    /**
     * @param retentionDays retention of a new series; 0 or less for the full set
     * @return the archives of such a series: spans cut to the retention
     */
    List<Archive> archivesFor(int retentionDays) {
        if (retentionDays <= 0) {
            return archives;
        }
        long limit = retentionDays * 86_400L;
        List<Archive> out = new ArrayList<>();
        for (Archive a : archives) {
            long span = Math.min(a.span, limit / a.resolution * a.resolution);
            if (span >= a.resolution) {
                out.add(new Archive(a.resolution, span));
            }
        }
        return out;
    }

    /**
     * @param text {@code 90}, {@code 90s}, {@code 1m}, {@code 1h}, {@code 1d} or {@code 1y} (365 days)
     * @param what the property or parameter, for the message
     * @return seconds
     */
    static long seconds(String text, String what) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a duration such as 10s, 1m, 1h, 1d");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "m": return n * 60;
            case "h": return n * 3_600;
            case "d": return n * 86_400;
            case "y": return n * 365 * 86_400;
            default: return n;
        }
    }

    /** @return the shortest exact spelling of a number of seconds: 10s, 1m, 1h, 30d */
    static String format(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
