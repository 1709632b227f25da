package org.rocmon.sensor.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.sensor.internal.ingest.Frame;
import org.rocmon.sensor.internal.ingest.FrameParser;
import org.rocmon.sensor.internal.ingest.JunkFrame;
import org.rocmon.sensor.internal.pipeline.Router;
import org.rocmon.sensor.internal.pipeline.Stage;

/**
 * A sensor's write-ahead log of accepted frames: what makes an acknowledged frame durable. One H2 MVStore file per
 * sensor ({@code <data>/sensors/{id}.wal.mv.db}, the library the collector's edge buffers use) with two maps:
 * {@code frames} (journal position to the frame's text) and {@code tracks} (collector to the {@code (epoch, seq)}
 * of its last accepted frame).
 *
 * <ul>
 * <li>A sequenced frame the sensor accepts is put in {@code frames} and routed into the stages under one lock, so
 * every position below the next one is either in the map only or already in some stage's inbox.</li>
 * <li>Its ack is not sent by the connection's thread: it waits for the next commit ({@link #ackAfterCommit}), run
 * on the journal thread as soon as there is something to commit (group commit: one write covers every frame that
 * came meanwhile). With {@code fsync} the commit is also forced to the device before the acks go out.</li>
 * <li>After a commit the tracks of the frames it covered are put in {@code tracks} (they reach the file with the
 * next commit, together with the trim): so the stored sequence state never runs ahead of the stored frames (a frame
 * counted as received but not stored would be refused as a duplicate when re-sent) and never goes backwards.</li>
 * <li>Frames no stage holds any more (published, or taken by an aggregator whose tick has since emitted) are
 * trimmed at most every {@link #TRIM_MILLIS}; after a crash what is left is replayed into the stages: values that
 * were published but not trimmed yet are published again (at most the frames in flight), nothing acknowledged is
 * lost.</li>
 * </ul>
 *
 * Not a home-made format: MVStore gives the append, the atomic commit and the recovery.
 */
final class SensorJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorJournal.class);
    /** How often frames no stage holds are removed. */
    static final long TRIM_MILLIS = 100;
    private static final int COMPACT_BELOW_PERCENT = 50;
    private static final long COMPACT_EVERY_NANOS = 30_000_000_000L;
    private static final FrameParser PARSER = new FrameParser();

    private final String sensorId;
    private final Path file;
    private final boolean fsync;
    private final Executor committer;
    private final BiConsumer<String, Ack> sendAck;
    private final MVStore store;
    private final MVMap<Long, String> frames;
    private final MVMap<String, long[]> tracks;
    private final boolean existed;
    /** Acks waiting for the next commit, by collector: the highest only, as acks are cumulative. */
    private final Map<String, Ack> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Guarded by this: the next position, the tracks accepted since the last commit. */
    private long nextPos;
    /** Frames from this position on came after the sensor stopped routing (it is closing): they are kept. */
    private long frozenPos = Long.MAX_VALUE;
    private Map<String, Ack> dirtyTracks = new HashMap<>();
    private long lastTrimNanos;
    private long lastCompactNanos = System.nanoTime();
    private volatile boolean replayPending;
    private volatile boolean closed;
    private volatile String lastError;
    /** The sensor's stages. */
    private volatile java.util.function.Supplier<List<Stage>> stages = List::of;

    /**
     * @param sendAck sends an ack to a collector's open connection, if any
     * @param committer runs the commits, one at a time
     */
    SensorJournal(String sensorId, Path file, boolean fsync, Executor committer, BiConsumer<String, Ack> sendAck)
            throws java.io.IOException {
        this.sensorId = sensorId;
        this.file = file;
        this.fsync = fsync;
        this.committer = committer;
        this.sendAck = sendAck;
        Files.createDirectories(file.getParent());
        this.existed = Files.exists(file);
        MVStore opened;
        try {
            opened = open(file, fsync);
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.error("sensor {}: ingest journal {} cannot be read ({}); moved to {}, starting empty", sensorId, file,
                    e.toString(), aside);
            Files.move(file, aside);
            opened = open(file, fsync);
        }
        this.store = opened;
        this.frames = store.openMap("frames");
        this.tracks = store.openMap("tracks");
        Long last = frames.lastKey();
        this.nextPos = last == null ? 1 : last + 1;
        this.replayPending = !frames.isEmpty();
    }

    private static MVStore open(Path file, boolean fsync) {
        MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(1).open();
        // Old chunks are kept this long before their space is reused: what a power loss before the OS wrote back
        // may need. With fsync every commit is on the device already, so none is needed.
        s.setRetentionTime(fsync ? 0 : 10_000);
        return s;
    }

    boolean closed() {
        return closed;
    }

    /** @return whether the file was there before: its tracks, not the sensor's JSON file's, are the truth */
    boolean existed() {
        return existed;
    }

    /**
     * @return the stored sequence state by collector: the later of {@code tracks} and the frames still held (a frame
     *         is stored before its track)
     */
    Map<String, Ack> tracks() {
        Map<String, Ack> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : tracks.entrySet()) {
            out.put(e.getKey(), new Ack(e.getValue()[0], e.getValue()[1]));
        }
        for (String stored : frames.values()) {
            int nl = stored.indexOf('\n');
            try {
                Frame f = PARSER.parse(stored.substring(nl + 1));
                out.merge(stored.substring(0, nl), new Ack(f.epoch(), f.seq()), (x, y) -> y.after(x) ? y : x);
            } catch (JunkFrame | RuntimeException e) {
                LOG.warn("sensor {}: a stored frame cannot be read and is skipped: {}", sensorId, e.toString());
            }
        }
        return out;
    }

    /**
     * Routes the frames a previous run left into the stages, in order, under their old positions (so they stay
     * until their stages are done with them). Waits while a stage is congested (at most {@code maxWaitMillis} per
     * frame), as a collector waiting for acks would.
     *
     * @return how many frames were replayed
     */
    int replay(Router router, long maxWaitMillis) {
        if (!replayPending) {
            return 0;
        }
        int n = 0;
        long now = System.currentTimeMillis();
        for (Iterator<Long> it = frames.keyIterator(null); it.hasNext();) {
            Long pos = it.next();
            String stored = frames.get(pos);
            if (stored == null) {
                continue;
            }
            int nl = stored.indexOf('\n');
            String collectorId = stored.substring(0, nl);
            Frame f;
            try {
                f = PARSER.parse(stored.substring(nl + 1));
            } catch (JunkFrame | RuntimeException e) {
                LOG.warn("sensor {}: stored frame {} cannot be read and is skipped: {}", sensorId, pos, e.toString());
                continue;
            }
            int size = f.size();
            String[] channels = new String[size];
            org.rocmon.api.Measurement[] values = new org.rocmon.api.Measurement[size];
            for (int i = 0; i < size; i++) {
                channels[i] = f.channel(i);
                values[i] = f.measurement(i, collectorId, now);
            }
            List<org.rocmon.sensor.internal.pipeline.Subscriber> congested;
            synchronized (this) {
                congested = router.writeAll(channels, values, size, pos);
            }
            n++;
            long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
            while (congested != null && congested.stream().anyMatch(c -> c.congested())
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        }
        replayPending = false;
        if (n > 0) {
            LOG.info("sensor {}: {} frames from the ingest journal replayed into the pipeline", sensorId, n);
        }
        return n;
    }

    /** @return whether frames from a previous run still wait for their stages: nothing is trimmed meanwhile */
    boolean replayPending() {
        return replayPending;
    }

    /**
     * Stores an accepted frame; the caller holds this journal's monitor from here until its values are in the
     * stages' inboxes.
     *
     * @return its position, 0 when it could not be stored (counted, logged: the frame goes on, not durable)
     */
    long append(String collectorId, String text, Ack track) {
        long pos = nextPos++;
        try {
            frames.put(pos, collectorId + '\n' + text);
        } catch (RuntimeException e) {
            failed("storing a frame", e);
            pos = 0;
        }
        dirtyTracks.merge(collectorId, track, (x, y) -> y.after(x) ? y : x);
        return pos;
    }

    /** Records an accepted frame that is not stored (the sensor dropped its values): its track still is. */
    synchronized void accepted(String collectorId, Ack track) {
        dirtyTracks.merge(collectorId, track, (x, y) -> y.after(x) ? y : x);
    }

    /** Sends the ack once what it covers is committed. */
    void ackAfterCommit(String collectorId, Ack ack) {
        pendingAcks.merge(collectorId, ack, (x, y) -> y.after(x) ? y : x);
        requestCommit();
    }

    void requestCommit() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            try {
                committer.execute(this::commitTurn);
            } catch (RuntimeException e) {
                scheduled.set(false); // the node is stopping
            }
        }
    }

    /** One turn of the journal thread: commit, then the tracks and the acks it covered, then maybe a trim. */
    void commitTurn() {
        scheduled.set(false);
        if (closed) {
            return;
        }
        Map<String, Ack> acks = new HashMap<>();
        for (Map.Entry<String, Ack> e : pendingAcks.entrySet()) {
            if (pendingAcks.remove(e.getKey(), e.getValue())) {
                acks.put(e.getKey(), e.getValue());
            }
        }
        Map<String, Ack> covered;
        long coveredPos;
        synchronized (this) {
            covered = dirtyTracks;
            dirtyTracks = new HashMap<>();
            coveredPos = nextPos;
        }
        if (!commit()) {
            synchronized (this) { // tried again with the next commit; the acks wait for it
                covered.forEach(dirtyTracks::putIfAbsent);
            }
            acks.forEach((k, v) -> pendingAcks.merge(k, v, (x, y) -> y.after(x) ? y : x));
            return;
        }
        try {
            covered.forEach((k, v) -> tracks.put(k, new long[] {v.epoch(), v.seq()}));
        } catch (RuntimeException e) {
            failed("storing sequence state", e);
        }
        acks.forEach(sendAck);
        lastCoveredPos = coveredPos;
        if (trimDue(System.nanoTime())) {
            trim(stages.get());
        }
        // The tracks just put (and the trim) reach the file with the next commit: the next frames' under load, else
        // the timer's nudge within TRIM_MILLIS. A commit of their own, right away, doubled the commits under load.
    }

    /** @param all the sensor's current stages */
    void stages(java.util.function.Supplier<List<Stage>> all) {
        this.stages = all;
    }

    /** Asks for a commit turn when frames wait to be trimmed or changes to be written (the node's timer calls). */
    void nudge() {
        if (!closed && (!frames.isEmpty() || store.hasUnsavedChanges())) {
            requestCommit();
        }
    }

    /** Positions below this had their tracks put after a commit that held them: they may be trimmed. */
    private volatile long lastCoveredPos;

    /**
     * Removes the frames no stage holds. Runs on the journal thread every {@link #TRIM_MILLIS} (the sensor calls it).
     *
     * @param current the sensor's stages; scanned upstream first (those feeding more stages before those they
     *        feed): a value moves only downstream, so one scan in this order cannot miss a value moving from a stage
     *        not read yet to one already read
     */
    void trim(List<Stage> current) {
        trim(current, true);
    }

    /** @param held whether what aggregators hold since their last tick is kept (not on a clean stop) */
    private void trim(List<Stage> current, boolean held) {
        if (closed || replayPending) {
            return;
        }
        List<Stage> stages = new java.util.ArrayList<>(current);
        stages.sort((a, b) -> Integer.compare(b.downstreamCount(), a.downstreamCount()));
        long low;
        synchronized (this) { // no frame is between the map and the inboxes while we hold it
            low = Math.min(Math.min(nextPos, frozenPos), lastCoveredPos);
            for (Stage s : stages) {
                low = Math.min(low, held ? s.journalLow() : s.queuedLow());
            }
        }
        try {
            Long first;
            int removed = 0;
            while ((first = frames.firstKey()) != null && first < low) {
                frames.remove(first);
                removed++;
            }
            if (removed > 0) {
                requestCommit();
            }
        } catch (RuntimeException e) {
            failed("trimming", e);
        }
    }

    /** @return whether the commit reached the file (an fsync'd one the device) */
    private boolean commit() {
        try {
            if (store.hasUnsavedChanges()) {
                store.commit();
                if (fsync) {
                    store.sync();
                }
                commits.incrementAndGet();
                long now = System.nanoTime();
                if (now - lastCompactNanos > COMPACT_EVERY_NANOS && store.getFillRate() < COMPACT_BELOW_PERCENT) {
                    lastCompactNanos = now;
                    store.compact(COMPACT_BELOW_PERCENT, 1 << 20);
                }
            }
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            failed("commit", e);
            return false;
        }
    }

    private void failed(String what, RuntimeException e) {
        long n = failures.incrementAndGet();
        lastError = what + ": " + e;
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("sensor {}: ingest journal {} failed ({} times): {}", sensorId, what, n, e.toString());
        }
    }

    /** @return time to trim again (the caller's timer asks), and records that it did */
    synchronized boolean trimDue(long nowNanos) {
        if (nowNanos - lastTrimNanos < TRIM_MILLIS * 1_000_000L) {
            return false;
        }
        lastTrimNanos = nowNanos;
        return true;
    }

    /** @return status: held frames, commits, failures, last error */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", fsync ? "disk+fsync" : "disk");
        m.put("held", closed ? 0 : frames.size());
        m.put("commits", commits.get());
        m.put("failures", failures.get());
        if (lastError != null) {
            m.put("lastError", lastError);
        }
        return m;
    }

    /**
     * The sensor stops routing (the caller holds this journal's monitor while it empties the routing table): frames
     * stored from now on reach no stage, so they stay for the next run.
     */
    synchronized void freeze() {
        frozenPos = nextPos;
    }

    /**
     * A clean stop (the sensor stays, after {@link #freeze} and once its stages drained): trims what no stage holds,
     * letting go of what aggregators held since their tick, as their windows die with the process anyway (replaying
     * them would publish again what publishers on the same channels already published), commits the rest and lets
     * go of the file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            lastCoveredPos = nextPos;
            dirtyTracks.forEach((k, v) -> tracks.put(k, new long[] {v.epoch(), v.seq()}));
            dirtyTracks.clear();
        }
        trim(stages.get(), false);
        commit();
        closed = true;
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.warn("sensor {}: closing the ingest journal failed: {}", sensorId, e.toString());
            store.closeImmediately();
        }
    }

    /** Lets go of the file as a crash would: what was not committed is not written (tests use it). */
    void abandon() {
        closed = true;
        store.closeImmediately();
    }

    /** The sensor is deleted: the file goes too. */
    void delete() {
        closed = true;
        store.closeImmediately();
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.warn("sensor {}: could not delete its ingest journal {}: {}", sensorId, file, e.toString());
        }
    }
}
