package org.rocmon.history.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.ArchiveDTO;
import org.rocmon.api.history.HistoryStatsDTO;
import org.rocmon.api.history.HistoryStore;
import org.rocmon.api.history.RangeDTO;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;
import org.rocmon.api.runtime.NodeProperties;

/**
 * The node's {@link HistoryStore}, under {@code ${rocmon.data}/history} (or the configured folder).
 *
 * <p>Threading: {@link #append} only offers to a bounded queue and returns, so a sensor's publisher never waits
 * for the disk; when the queue is full the value is dropped and counted. This component owns one thread,
 * {@code rocmon-history-writer}, the only one that writes series files: it drains the queue in batches, flushes
 * the raw logs after each batch and, when idle for a second, writes values held back for their second to end.
 * rrd4j's memory-mapped backend gets a scheduler thread of the store's, {@code rocmon-history-sync}, that forces
 * mapped pages to disk every minute. Both end on deactivation. Queries read under each series' lock from the
 * caller's thread.
 */
@Component(service = HistoryStore.class, configurationPid = HistoryStoreComponent.PID)
@Designate(ocd = HistoryStoreComponent.Config.class)
public class HistoryStoreComponent implements HistoryStore {

    public static final String PID = "org.rocmon.history";

    @ObjectClassDefinition(name = "Rocmon history store",
            description = "Retention, downsampling and bounds of the node's history store")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the store; empty means ${rocmon.data}/history")
        String folder() default "";

        @AttributeDefinition(description = "Seconds of the base step of every archive (at least 1)")
        long stepSeconds() default 10;

        @AttributeDefinition(description = "Archives, finest first, as <resolution>:<span> with s, m, h, d or y; "
                + "each resolution a multiple of the step")
        String[] archives() default {"10s:1d", "1m:30d", "1h:365d"};

        @AttributeDefinition(description = "Seconds without a value after which an interval is unknown")
        long heartbeatSeconds() default 600;

        @AttributeDefinition(description = "Raw values kept per series for last-N queries")
        int rawValues() default 1000;

        @AttributeDefinition(description = "Most series the store keeps; values of more are dropped and counted")
        int maxSeries() default 1000;

        @AttributeDefinition(description = "Values waiting for the writer; more are dropped and counted")
        int queueCapacity() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStoreComponent.class);

    /** One value waiting for the writer. */
    private static final class Entry {
        final String sensor;
        final String channel;
        final Measurement measurement;
        final int retentionDays;

        Entry(String sensor, String channel, Measurement measurement, int retentionDays) {
            this.sensor = sensor;
            this.channel = channel;
            this.measurement = measurement;
            this.retentionDays = retentionDays;
        }
    }

    private final SeriesStore store;
    private final BlockingQueue<Entry> queue;
    private final Thread writer;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running = true;

    @Activate
    public HistoryStoreComponent(BundleContext ctx, Config config) throws IOException {
        this(folder(ctx, config), Layout.of(config), Clock.systemUTC(), true);
    }

    HistoryStoreComponent(Path folder, Layout layout, Clock clock, boolean startWriter) throws IOException {
        this.store = new SeriesStore(folder, layout, clock);
        this.queue = new ArrayBlockingQueue<>(layout.queueCapacity);
        this.writer = new Thread(this::write, "rocmon-history-writer");
        this.writer.setDaemon(true);
        if (startWriter) {
            writer.start();
        }
    }

    private static Path folder(BundleContext ctx, Config config) {
        if (!config.folder().isBlank()) {
            return Path.of(config.folder().trim());
        }
        String data = ctx.getProperty(NodeProperties.DATA);
        if (data != null && !data.isBlank()) {
            return Path.of(data.trim(), "history");
        }
        File f = ctx.getDataFile("history");
        return f != null ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"), "rocmon-history");
    }

    @Override
    public boolean append(String sensor, String channel, Measurement measurement, int retentionDays) {
        appended.incrementAndGet();
        if (!running || !queue.offer(new Entry(sensor, channel, measurement, retentionDays))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private void write() {
        List<Entry> batch = new ArrayList<>(1024);
        long idleFlush = System.nanoTime();
        while (running) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 1023);
                    writeBatch(batch);
                }
                // Held-back seconds of series that got nothing since, at most once a second even when busy.
                if (first == null || System.nanoTime() - idleFlush > 1_000_000_000L) {
                    store.flushIdle();
                    idleFlush = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException | InternalError e) {
                LOG.warn("history: writing failed: {}", e.toString());
            }
        }
    }

    /** Writes what is queued, on the caller's thread (the writer, or tests and shutdown). */
    void drain() throws IOException {
        List<Entry> batch = new ArrayList<>();
        queue.drainTo(batch);
        writeBatch(batch);
        store.flush();
    }

    private void writeBatch(List<Entry> batch) throws IOException {
        for (Entry e : batch) {
            try {
                if (store.append(e.sensor, e.channel, e.measurement, e.retentionDays)) {
                    written.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                }
            } catch (IOException | RuntimeException | InternalError ex) {
                // InternalError: a memory-mapped series file on a full disk faults (SIGBUS) instead of throwing an
                // IOException; uncaught, it ended the writer thread and with it all recording (PublisherFaultIT)
                dropped.incrementAndGet();
                LOG.warn("history: {}/{}: value not recorded: {}", e.sensor, e.channel, ex.toString());
            }
        }
        batch.clear();
        store.flushRaw();
    }

    @Deactivate
    void deactivate() {
        running = false;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            drain();
        } catch (IOException | RuntimeException e) {
            LOG.warn("history: writing the last values failed: {}", e.toString());
        }
        store.close();
        LOG.info("history: closed; {} values written, {} dropped", written.get(), dropped.get());
    }

    @Override
    public List<SeriesDTO> series(String sensor) {
        return store.series(sensor);
    }

    @Override
    public List<Measurement> lastN(String sensor, String channel, Optional<String> source, int n) {
        try {
            return store.lastN(sensor, channel, source, n);
        } catch (IOException e) {
            throw new UncheckedIOException("history: reading " + sensor + "/" + channel + " failed", e);
        }
    }

    @Override
    public RangeDTO range(RangeQueryDTO query) {
        try {
            return store.range(query);
        } catch (IOException e) {
            throw new IllegalStateException("history: reading " + query.sensor + "/" + query.channel + " failed", e);
        }
    }

    @Override
    public List<ArchiveDTO> archives() {
        return store.archives();
    }

    @Override
    public int rawCapacity() {
        return store.rawCapacity();
    }

    @Override
    public HistoryStatsDTO stats() {
        HistoryStatsDTO s = new HistoryStatsDTO();
        s.appended = appended.get();
        s.written = written.get();
        s.dropped = dropped.get();
        s.queued = queue.size();
        s.series = store.size();
        try {
            s.diskBytes = store.diskBytes();
        } catch (IOException e) {
            s.diskBytes = -1;
        }
        return s;
    }

    /** @return values dropped (queue full, too many series, write errors) */
    long dropped() {
        return dropped.get();
    }

    /** @return values written */
    long written() {
        return written.get();
    }

    SeriesStore store() {
        return store;
    }
}
