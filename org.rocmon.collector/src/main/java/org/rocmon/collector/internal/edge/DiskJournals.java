package org.rocmon.collector.internal.edge;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable edge buffers of a node: one H2 MVStore file ({@code edges.mv.db}) holding, per collector, the
 * unacknowledged frames by sequence number and the epoch, next sequence number and sensor URI they belong to.
 *
 * <p>Changes reach the file when {@link #commit} runs (the edge service calls it every {@code commitMillis}, on its
 * own pool) and on {@link #close}: a process crash ({@code kill -9}) loses at most the frames added since the last
 * commit; with {@code fsync} each commit is also forced to the device, so a power loss costs the same, else a power
 * loss may cost what the OS had not written back yet. Thread-safe (MVStore maps are).
 */
final class DiskJournals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiskJournals.class);
    /** Fill rate under which a commit also rewrites sparse chunks, so the file stays near what it holds. */
    private static final int COMPACT_BELOW_PERCENT = 50;
    /** Compaction rewrites live pages: at most this often, as frames come and go by the thousand per second. */
    private static final long COMPACT_EVERY_NANOS = 30_000_000_000L;
    /** Sequence numbers reserved per write of an edge's next sequence number (see {@code Journal.reserved}). */
    static final long RESERVED = 1024;

    private final MVStore store;
    private final MVMap<String, Long> epochs;
    private final MVMap<String, Long> nextSeqs;
    private final MVMap<String, String> uris;
    private final boolean fsync;
    private final AtomicLong commits = new AtomicLong();
    /** Commits that did not fail, with or without changes to write. */
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    /** Touched by the committing thread only. */
    private long lastCompaction = System.nanoTime();
    /** The journal each collector's current edge writes; an edge replaced by a newer one no longer touches it. */
    private final ConcurrentMap<String, Journal> current = new ConcurrentHashMap<>();

    /**
     * @param file the store's file; a file that cannot be read is moved aside (logged) and a new one started
     * @param fsync whether every commit is forced to the device
     */
    DiskJournals(Path file, boolean fsync) throws IOException {
        this.fsync = fsync;
        Files.createDirectories(file.getParent());
        MVStore opened;
        try {
            opened = open(file);
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.error("edge buffers: {} cannot be read ({}); moved to {}, starting empty", file, e.toString(),
                    aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            opened = open(file);
        }
        store = opened;
        epochs = store.openMap("epoch");
        nextSeqs = store.openMap("nextSeq");
        uris = store.openMap("uri");
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    }

    /**
     * @param sensor the URI the frames go to: frames a previous process left for another URI are dropped (logged),
     *        they were not meant for this sensor
     */
    synchronized EdgeJournal open(String collectorId, URI sensor) {
        MVMap<Long, String> frames = store.openMap("frames/" + collectorId);
        String previous = uris.get(collectorId);
        Long epoch = epochs.get(collectorId);
        if (epoch == null || previous != null && !previous.equals(sensor.toString())) {
            if (epoch != null && !frames.isEmpty()) {
                LOG.warn("collector {}: {} buffered frames for {} dropped, its sensor is now {}", collectorId,
                        frames.size(), previous, sensor);
            }
            frames.clear();
            epoch = System.currentTimeMillis();
            epochs.put(collectorId, epoch);
            nextSeqs.put(collectorId, 1L);
            uris.put(collectorId, sensor.toString());
        } else if (!frames.isEmpty()) {
            LOG.info("collector {}: {} unacknowledged frames (seq {}..{}) recovered from the edge buffer",
                    collectorId, frames.size(), frames.firstKey(), frames.lastKey());
        }
        Journal journal = new Journal(collectorId, epoch, frames);
        current.put(collectorId, journal);
        return journal;
    }

    /** Writes what changed since the last commit (and forces it to the device with {@code fsync}). */
    void commit() {
        try {
            if (store.hasUnsavedChanges()) {
                store.commit();
                if (fsync) {
                    store.sync();
                }
                commits.incrementAndGet();
                long now = System.nanoTime();
                if (now - lastCompaction > COMPACT_EVERY_NANOS && store.getFillRate() < COMPACT_BELOW_PERCENT) {
                    lastCompaction = now;
                    store.compact(COMPACT_BELOW_PERCENT, 1 << 20);
                }
            }
            passes.incrementAndGet();
        } catch (RuntimeException e) {
            if (commitFailures.incrementAndGet() == 1 || commitFailures.get() % 1000 == 0) {
                LOG.warn("edge buffers: commit failed ({} times): {}", commitFailures.get(), e.toString());
            }
        }
    }

    /**
     * Runs a change of the store; a store that fails (disk full, file gone, closed) costs the durability of that
     * change, logged and counted, never the edge: its frames are still in memory and go on being sent.
     */
    private void guarded(String what, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            long n = writeFailures.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("edge buffers: {} failed ({} times): {}", what, n, e.toString());
            }
        }
    }

    long commits() {
        return commits.get();
    }

    long commitFailures() {
        return commitFailures.get();
    }

    /** Lets go of the file as a crash would: what was not committed is not written (tests use it). */
    void abandon() {
        store.closeImmediately();
    }

    @Override
    public void close() {
        if (store.isClosed()) {
            return;
        }
        try {
            commit();
            store.close();
        } catch (RuntimeException e) {
            LOG.warn("edge buffers: close failed: {}", e.toString());
            store.closeImmediately();
        }
    }

    private final class Journal implements EdgeJournal {
        private final String collectorId;
        private final long epoch;
        private final MVMap<Long, String> frames;
        private long nextSeq;
        /**
         * The stored next sequence number is a reservation: before a frame numbered at or above it is stored, the
         * reservation moves {@link #RESERVED} ahead, so whatever a commit holds, the stored value is above every
         * sequence number already used (after a crash the numbers jump ahead, never back) at a cost of one write
         * per {@link #RESERVED} frames instead of one per frame.
         */
        private long reserved;

        Journal(String collectorId, long epoch, MVMap<Long, String> frames) {
            this.collectorId = collectorId;
            this.epoch = epoch;
            this.frames = frames;
            Long stored = nextSeqs.get(collectorId);
            this.nextSeq = stored == null ? 1 : stored;
            this.reserved = nextSeq;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public long nextSeq() {
            return nextSeq;
        }

        @Override
        public NavigableMap<Long, String> frames() {
            return new TreeMap<>(frames);
        }

        /** @return whether this is still the journal of the collector's current edge */
        private boolean live() {
            return current.get(collectorId) == this;
        }

        @Override
        public void append(long seq, String frame) {
            nextSeq = Math.max(nextSeq, seq + 1);
            if (live()) {
                guarded("append", () -> {
                    if (seq >= reserved) {
                        reserved = seq + RESERVED;
                        nextSeqs.put(collectorId, reserved);
                    }
                    frames.put(seq, frame);
                });
            }
        }

        @Override
        public void remove(long seq) {
            if (live()) {
                guarded("remove", () -> frames.remove(seq));
            }
        }

        @Override
        public void discard() {
            synchronized (DiskJournals.this) {
                if (current.remove(collectorId, this)) {
                    guarded("discard", () -> {
                        store.removeMap(frames);
                        epochs.remove(collectorId);
                        nextSeqs.remove(collectorId);
                        uris.remove(collectorId);
                    });
                }
            }
        }

        @Override
        public void release() {
            // everything stays in the store for the collector's next edge
            synchronized (DiskJournals.this) {
                if (live()) {
                    guarded("release", () -> nextSeqs.put(collectorId, nextSeq));
                    current.remove(collectorId, this);
                }
            }
        }

        @Override
        public String kind() {
            return "disk";
        }

        @Override
        public long commitPasses() {
            return passes.get();
        }
    }
}
