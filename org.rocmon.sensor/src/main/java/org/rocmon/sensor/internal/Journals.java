package org.rocmon.sensor.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.sensor.internal.model.Ids;

/**
 * The ingest journals of a node's sensors ({@link SensorJournal}): where they live, whether they are on (the
 * {@code ackDurability} setting: {@code disk}, the default, or {@code memory}, acks as soon as a frame is in the
 * pipeline, as before), whether commits are forced to the device, the one thread that commits them, and the timer
 * that nudges them to trim.
 */
final class Journals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journals.class);

    private final Path dir;
    private final boolean enabled;
    private final boolean fsync;
    private final ExecutorService committer;
    private final Set<SensorJournal> open = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> nudges;

    /**
     * @param dataDir the node's data folder; journals go to {@code sensors/{id}.wal.mv.db} beside the sensors' files
     * @param mode {@code disk} or {@code memory}
     */
    Journals(Path dataDir, String mode, boolean fsync, ScheduledExecutorService timer) {
        this.dir = dataDir.resolve("sensors");
        this.enabled = !"memory".equals(mode);
        this.fsync = fsync;
        // the host owns its threads: one daemon thread, only while journals exist
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "rocmon-sensor-journal");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.committer = pool;
        this.nudges = enabled ? timer.scheduleWithFixedDelay(this::nudge, SensorJournal.TRIM_MILLIS,
                SensorJournal.TRIM_MILLIS, TimeUnit.MILLISECONDS) : null;
    }

    /** @throws IllegalArgumentException for a mode other than disk or memory (checked at activation) */
    static String checkMode(String mode) {
        if (!"disk".equals(mode) && !"memory".equals(mode)) {
            throw new IllegalArgumentException("ackDurability must be disk or memory, not " + mode);
        }
        return mode;
    }

    boolean enabled() {
        return enabled;
    }

    Path file(String sensorId) {
        return dir.resolve(Ids.check0(sensorId) + ".wal.mv.db");
    }

    /** @return the sensor's journal, or null in memory mode or when its file cannot be opened (logged) */
    SensorJournal open(Sensor s) {
        if (!enabled) {
            return null;
        }
        try {
            SensorJournal j = new SensorJournal(s.id(), file(s.id()), fsync, committer,
                    s.collectors()::sendAck);
            open.add(j);
            return j;
        } catch (IOException | RuntimeException e) {
            LOG.error("sensor {}: no ingest journal ({}): its acks mean in the pipeline, not durable", s.id(),
                    e.toString());
            return null;
        }
    }

    void forget(SensorJournal j) {
        open.remove(j);
    }

    private void nudge() {
        for (SensorJournal j : open) {
            if (j.closed()) {
                open.remove(j);
                continue;
            }
            try {
                j.nudge();
            } catch (RuntimeException e) {
                LOG.debug("journal nudge failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (nudges != null) {
            nudges.cancel(false);
        }
        committer.shutdown();
        try {
            committer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
