package org.rocmon.history.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rrd4j.core.RrdNioBackendFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.Aggregation;
import org.rocmon.api.history.ArchiveDTO;
import org.rocmon.api.history.RangeDTO;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;
import org.rocmon.api.history.SourcePointsDTO;

/**
 * The series of a node under one folder, without threads of its own: {@link HistoryStoreComponent} calls
 * {@link #append} and {@link #flushIdle} from its writer thread, queries come from any thread. Series are found
 * again on disk when the store opens.
 */
final class SeriesStore implements AutoCloseable {

    /** Seconds between two forced writes of the archives' mapped pages to disk. */
    static final int SYNC_SECONDS = 60;

    /** Most points one range query returns. */
    static final int MAX_POINTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SeriesStore.class);

    private final Path root;
    private final Layout layout;
    private final Clock clock;
    // Memory-mapped files: an update is a few memory writes. (The RandomAccessFile backend makes one system call
    // per value read or written: about 3 000 updates/s here, measured in bench/README.md.) rrd4j's NIO backend
    // forces the mapped pages to disk every SYNC_SECONDS from a scheduler; the store gives it its own
    // single-thread scheduler, shut down on close, rather than rrd4j's shared default pool.
    private final ScheduledExecutorService sync;
    private final RrdNioBackendFactory backend;
    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();
    /** Series appended to since the last {@link #flushRaw}; only the writer thread touches it. */
    private final Set<Series> dirty = new HashSet<>();
    private long refused;

    SeriesStore(Path root, Layout layout, Clock clock) throws IOException {
        this.root = root;
        this.layout = layout;
        this.clock = clock;
        Files.createDirectories(root);
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rocmon-history-sync");
            t.setDaemon(true);
            return t;
        });
        this.backend = new RrdNioBackendFactory(SYNC_SECONDS, sync);
        try {
            load();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens every series found on disk: {@code <sensor>/<channel>/<source>.raw}. */
    private void load() throws IOException {
        List<Path> raws;
        try (Stream<Path> s = Files.find(root, 3, (p, a) -> a.isRegularFile() && p.toString().endsWith(".raw"))) {
            raws = s.sorted().collect(Collectors.toList());
        }
        for (Path raw : raws) {
            Path rel = root.relativize(raw);
            if (rel.getNameCount() != 3) {
                continue;
            }
            String file = rel.getName(2).toString();
            String sensor = SeriesKey.decode(rel.getName(0).toString());
            String channel = SeriesKey.decode(rel.getName(1).toString());
            String sourceName = file.substring(0, file.length() - ".raw".length());
            String source = SeriesKey.decode(sourceName);
            if (sensor == null || channel == null || (source == null && !SeriesKey.NO_SOURCE.equals(sourceName))) {
                LOG.warn("history: ignoring {}, not a name the store writes", raw);
                continue;
            }
            SeriesKey key = new SeriesKey(sensor, channel, source);
            if (series.size() >= layout.maxSeries) {
                LOG.warn("history: more than {} series under {}; {} is not opened", layout.maxSeries, root, key);
                continue;
            }
            try {
                series.put(key, Series.open(key, root, layout, backend, 0));
            } catch (IOException | RuntimeException e) {
                LOG.warn("history: cannot open series {} ({}); it is left on disk untouched", key, e.toString());
            }
        }
        LOG.info("history: {} series under {}", series.size(), root);
    }

    /**
     * @return false when the measurement opens a series beyond the bound
     * @throws IOException from the files of the series
     */
    boolean append(String sensor, String channel, Measurement m, int retentionDays) throws IOException {
        SeriesKey key = new SeriesKey(sensor, channel, m.source());
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= layout.maxSeries) {
                refused++;
                return false;
            }
            s = Series.open(key, root, layout, backend, retentionDays);
            series.put(key, s);
        }
        s.append(m);
        dirty.add(s);
        return true;
    }

    /** @return measurements refused because the store held {@link Layout#maxSeries} series */
    long refused() {
        return refused;
    }

    /** Writes every pending value to disk. */
    void flush() throws IOException {
        for (Series s : series.values()) {
            s.flush();
        }
    }

    /** Flushes the raw logs of the series appended to since the last call (the writer, after each batch). */
    void flushRaw() throws IOException {
        for (Series s : dirty) {
            s.flushRaw();
        }
        dirty.clear();
    }

    /** Writes values of seconds that are over (the writer calls it when idle) and flushes the raw logs. */
    void flushIdle() throws IOException {
        long now = Math.floorDiv(clock.millis(), 1000L);
        for (Series s : series.values()) {
            s.flushBefore(now);
        }
    }

    List<SeriesDTO> series(String sensor) {
        List<SeriesDTO> out = new ArrayList<>();
        for (Series s : sorted(sensor, null)) {
            SeriesDTO d = new SeriesDTO();
            d.sensor = s.key.sensor;
            d.channel = s.key.channel;
            d.source = s.key.source;
            Measurement newest = s.newest();
            d.unit = newest == null ? null : newest.unit();
            d.last = newest == null ? 0 : newest.timestamp();
            d.raw = s.rawSize();
            d.archives = s.archives().stream().map(Layout.Archive::dto).collect(Collectors.toList());
            long longest = s.archives().stream().mapToLong(a -> a.span).max().orElse(0);
            d.retentionDays = (int) ((longest + 86_399) / 86_400);
            out.add(d);
        }
        return out;
    }

    List<Measurement> lastN(String sensor, String channel, Optional<String> source, int n) throws IOException {
        List<Measurement> all = new ArrayList<>();
        for (Series s : sorted(sensor, channel)) {
            if (source.isEmpty() || source.get().equals(s.key.source)) {
                all.addAll(s.last(n));
            }
        }
        all.sort(Comparator.comparingLong(Measurement::timestamp)); // stable: equal times keep source order
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    RangeDTO range(RangeQueryDTO q) throws IOException {
        if (q.from > q.to) {
            throw new IllegalArgumentException("from (" + q.from + ") is after to (" + q.to + ")");
        }
        Aggregation aggregation = q.aggregation == null ? Aggregation.AVG : q.aggregation;
        RangeDTO r = new RangeDTO();
        r.sensor = q.sensor;
        r.channel = q.channel;
        r.from = q.from;
        r.to = q.to;
        r.aggregation = aggregation;
        r.series = new ArrayList<>();
        r.resolution = q.resolution;
        for (Series s : sorted(q.sensor, q.channel)) {
            if (q.source != null && !q.source.equals(s.key.source)) {
                continue;
            }
            long resolution = resolution(s, q);
            Series.Fetched f = s.fetch(q.from, q.to, resolution, aggregation);
            SourcePointsDTO p = new SourcePointsDTO();
            p.source = s.key.source;
            p.points = f.points;
            r.series.add(p);
            r.resolution = Math.max(r.resolution, f.resolution);
        }
        return r;
    }

    /** The asked resolution when the series has it, else (0) the finest archive that still holds from. */
    private long resolution(Series s, RangeQueryDTO q) throws IOException {
        List<Layout.Archive> archives = s.archives();
        if (q.resolution > 0) {
            for (Layout.Archive a : archives) {
                if (a.resolution == q.resolution) {
                    checkPoints(q, a.resolution);
                    return a.resolution;
                }
            }
            throw new IllegalArgumentException("resolution " + q.resolution + " s is not kept; available: "
                    + archives.stream().map(a -> Layout.format(a.resolution)).collect(Collectors.joining(", ")));
        }
        long newest = Math.max(s.lastUpdate() * 1000L, clock.millis());
        for (Layout.Archive a : archives) {
            if (newest - a.span * 1000L <= q.from && (q.to - q.from) / 1000 / a.resolution <= MAX_POINTS) {
                return a.resolution;
            }
        }
        Layout.Archive coarsest = archives.get(archives.size() - 1);
        checkPoints(q, coarsest.resolution);
        return coarsest.resolution;
    }

    private static void checkPoints(RangeQueryDTO q, long resolution) {
        long points = (q.to - q.from) / 1000 / resolution;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("the range holds " + points + " points at " + Layout.format(resolution)
                    + "; at most " + MAX_POINTS + ": narrow it or choose a coarser resolution");
        }
    }

    private List<Series> sorted(String sensor, String channel) {
        return series.values().stream()
                .filter(s -> s.key.sensor.equals(sensor) && (channel == null || s.key.channel.equals(channel)))
                .sorted(Comparator.comparing(s -> s.key)).collect(Collectors.toList());
    }

    List<ArchiveDTO> archives() {
        return layout.archives.stream().map(Layout.Archive::dto).collect(Collectors.toList());
    }

    int rawCapacity() {
        return layout.rawValues;
    }

    int size() {
        return series.size();
    }

    long diskBytes() throws IOException {
        long n = 0;
        for (Series s : series.values()) {
            n += s.diskBytes();
        }
        return n;
    }

    @Override
    public void close() {
        for (Series s : series.values()) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("history: closing {} failed: {}", s.key, e.toString());
            }
        }
        series.clear();
        dirty.clear();
        sync.shutdownNow();
    }
}
