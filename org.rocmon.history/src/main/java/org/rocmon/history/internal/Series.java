package org.rocmon.history.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.ArcDef;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.FetchRequest;
import org.rrd4j.core.RrdBackendFactory;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.Aggregation;
import org.rocmon.api.history.PointDTO;

/**
 * One series: its raw log and, once a number was recorded, its rrd4j database with three data sources:
 * {@code value} (GAUGE: min, max, average and last per interval), and {@code sum} and {@code count} (ABSOLUTE: the
 * sum of the values and their number, spread over the time since the previous update, so that the average rate of
 * an interval times its length is what arrived in it). Every archive resolution exists with the AVERAGE, MIN, MAX
 * and LAST consolidation functions.
 *
 * <p>rrd4j takes at most one update per second and none back in time: values of the same second are combined
 * (average for {@code value}, exact sum and count) and written when a later second arrives or on {@link #flush};
 * values older than the last update go to the raw log only. All methods are synchronized: the writer thread
 * appends while HTTP threads read.
 */
final class Series {

    static final String VALUE = "value";
    static final String SUM = "sum";
    static final String COUNT = "count";
    private static final ConsolFun[] FUNCTIONS = {ConsolFun.AVERAGE, ConsolFun.MIN, ConsolFun.MAX, ConsolFun.LAST};

    final SeriesKey key;
    private final Path base;
    private final Layout layout;
    private final RrdBackendFactory backend;
    private final RawLog raw;
    private List<Layout.Archive> archives;
    private RrdDb rrd;
    private long lastUpdate = -1;
    private long late;

    private long pendingSecond = -1;
    private double pendingSum;
    private long pendingCount;

    private Series(SeriesKey key, Path base, Layout layout, RrdBackendFactory backend, RawLog raw, RrdDb rrd,
            List<Layout.Archive> archives) {
        this.key = key;
        this.base = base;
        this.layout = layout;
        this.backend = backend;
        this.raw = raw;
        this.rrd = rrd;
        this.archives = archives;
    }

    /** Opens a series, reading back its files when they exist. */
    static Series open(SeriesKey key, Path root, Layout layout, RrdBackendFactory backend, int retentionDays)
            throws IOException {
        Path base = key.base(root);
        RawLog raw = RawLog.open(rawFile(base), layout.rawValues);
        Path rrdFile = rrdFile(base);
        RrdDb rrd = null;
        List<Layout.Archive> archives = layout.archivesFor(retentionDays);
        if (Files.exists(rrdFile)) {
            rrd = RrdDb.getBuilder().setPath(rrdFile.toString()).setBackendFactory(backend).setUsePool(false).build();
            archives = archivesOf(rrd);
        }
        Series s = new Series(key, base, layout, backend, raw, rrd, archives);
        s.lastUpdate = rrd == null ? -1 : rrd.getLastUpdateTime();
        return s;
    }

    static Path rawFile(Path base) {
        return base.resolveSibling(base.getFileName() + ".raw");
    }

    static Path rrdFile(Path base) {
        return base.resolveSibling(base.getFileName() + ".rrd");
    }

    /** Records one measurement: always in the raw log, in the archives when it has a numeric reading. */
    synchronized void append(Measurement m) throws IOException {
        raw.append(m);
        double v = m.asDouble();
        if (Double.isNaN(v) && !m.isNumber()) {
            return; // text: raw log only
        }
        long second = Math.floorDiv(m.timestamp(), 1000L);
        if (rrd == null) {
            create(second);
        }
        if (second == pendingSecond) {
            pendingSum += v;
            pendingCount++;
            return;
        }
        if (second < pendingSecond || second <= lastUpdate) {
            late++;
            return;
        }
        writePending();
        pendingSecond = second;
        pendingSum = v;
        pendingCount = 1;
    }

    /** Writes the values of the pending second to the archives and the raw log to its file. */
    synchronized void flush() throws IOException {
        writePending();
        raw.flush();
    }

    synchronized void flushRaw() throws IOException {
        raw.flush();
    }

    /** Writes the pending second only when it is older than {@code nowSecond} (the writer's idle flush). */
    synchronized void flushBefore(long nowSecond) throws IOException {
        if (pendingSecond >= 0 && pendingSecond < nowSecond) {
            writePending();
        }
        raw.flush();
    }

    private void writePending() throws IOException {
        if (pendingSecond < 0) {
            return;
        }
        double value = pendingSum / pendingCount;
        rrd.createSample(pendingSecond).setValue(VALUE, value).setValue(SUM, pendingSum)
                .setValue(COUNT, pendingCount).update();
        lastUpdate = pendingSecond;
        pendingSecond = -1;
    }

    private void create(long firstSecond) throws IOException {
        Path file = rrdFile(base);
        Files.createDirectories(file.getParent());
        // Start at the beginning of the first value's step, so that value fills its step from there.
        long start = Math.floorDiv(firstSecond - 1, layout.step) * layout.step;
        RrdDef def = new RrdDef(file.toString(), start, layout.step);
        def.addDatasource(VALUE, DsType.GAUGE, layout.heartbeat, Double.NaN, Double.NaN);
        def.addDatasource(SUM, DsType.ABSOLUTE, layout.heartbeat, Double.NaN, Double.NaN);
        def.addDatasource(COUNT, DsType.ABSOLUTE, layout.heartbeat, 0, Double.NaN);
        for (Layout.Archive a : archives) {
            for (ConsolFun f : FUNCTIONS) {
                def.addArchive(new ArcDef(f, 0.5, (int) (a.resolution / layout.step), (int) a.rows()));
            }
        }
        rrd = RrdDb.getBuilder().setRrdDef(def).setBackendFactory(backend).setUsePool(false).build();
        lastUpdate = rrd.getLastUpdateTime();
    }

    private static List<Layout.Archive> archivesOf(RrdDb rrd) throws IOException {
        RrdDef def = rrd.getRrdDef();
        List<Layout.Archive> out = new ArrayList<>();
        for (ArcDef a : def.getArcDefs()) {
            if (a.getConsolFun() == ConsolFun.AVERAGE) {
                long res = a.getSteps() * def.getStep();
                out.add(new Layout.Archive(res, res * a.getRows()));
            }
        }
        out.sort((x, y) -> Long.compare(x.resolution, y.resolution));
        return out;
    }

    synchronized List<Measurement> last(int n) throws IOException {
        return raw.last(n);
    }

    synchronized int rawSize() {
        return raw.size();
    }

    synchronized Measurement newest() {
        return raw.newest();
    }

    synchronized List<Layout.Archive> archives() {
        return archives;
    }

    synchronized long late() {
        return late;
    }

    /** @return epoch seconds of the last archive update, or -1 when nothing numeric was recorded */
    synchronized long lastUpdate() {
        return lastUpdate;
    }

    /**
     * @param from epoch ms, inclusive
     * @param to epoch ms, inclusive
     * @param resolution seconds, one of {@link #archives()}
     * @return the resolution rrd4j used (coarser than asked when the archive no longer reaches back to from) and
     *         the points in the range; intervals without data are left out
     */
    synchronized Fetched fetch(long from, long to, long resolution, Aggregation aggregation) throws IOException {
        if (rrd == null) {
            return new Fetched(resolution, List.of());
        }
        ConsolFun f;
        String ds = VALUE;
        switch (aggregation) {
            case MIN: f = ConsolFun.MIN; break;
            case MAX: f = ConsolFun.MAX; break;
            case LAST: f = ConsolFun.LAST; break;
            case SUM: f = ConsolFun.AVERAGE; ds = SUM; break;
            case COUNT: f = ConsolFun.AVERAGE; ds = COUNT; break;
            default: f = ConsolFun.AVERAGE; break;
        }
        long start = Math.floorDiv(from, 1000L);
        long end = Math.floorDiv(to + 999, 1000L);
        FetchRequest req = rrd.createFetchRequest(f, start, end, resolution);
        FetchData data = req.fetchData();
        long step = data.getStep();
        long[] ts = data.getTimestamps();
        double[] values = data.getValues(ds);
        List<PointDTO> points = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            long ms = ts[i] * 1000L;
            if (ms < from || ms > to || Double.isNaN(values[i])) {
                continue;
            }
            PointDTO p = new PointDTO();
            p.ts = ms;
            p.value = ds.equals(VALUE) ? values[i] : round(values[i] * step);
            points.add(p);
        }
        return new Fetched(step, points);
    }

    /** Sums and counts are rates times seconds: keep them free of binary noise such as 6.000000000000001. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** What a fetch gave: the resolution rrd4j used and the points. */
    static final class Fetched {
        final long resolution;
        final List<PointDTO> points;

        Fetched(long resolution, List<PointDTO> points) {
            this.resolution = resolution;
            this.points = points;
        }
    }

    synchronized void close() throws IOException {
        try {
            flush();
        } finally {
            raw.close();
            if (rrd != null) {
                rrd.close();
                rrd = null;
            }
        }
    }

    /** @return bytes on disk */
    long diskBytes() throws IOException {
        long n = 0;
        for (Path p : new Path[] {rrdFile(base), rawFile(base)}) {
            if (Files.exists(p)) {
                n += Files.size(p);
            }
        }
        return n;
    }
}
