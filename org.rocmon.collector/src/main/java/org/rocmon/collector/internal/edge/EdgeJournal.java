package org.rocmon.collector.internal.edge;

import java.util.NavigableMap;

/**
 * Where an edge keeps the frames the sensor has not acknowledged, besides memory: nowhere ({@link #memory}), or a
 * file that outlives the process ({@link DiskJournals}). The edge's {@link Outbox} mirrors every change here; on
 * open it takes back the epoch, the next sequence number and the frames a previous process left, so a restarted
 * node resends them under the same sequence/epoch rules and the sensor's de-duplication holds across the crash.
 * Called under the edge's lock.
 */
interface EdgeJournal {

    /** @return the epoch of the edge's frames: kept from a previous process, else new */
    long epoch();

    /** @return the sequence number the next frame gets: never below one already used under {@link #epoch()} */
    long nextSeq();

    /** @return the frames a previous process left unacknowledged, by sequence number (a copy) */
    NavigableMap<Long, String> frames();

    void append(long seq, String frame);

    /** Forgets the frame with this sequence number (acknowledged, or dropped as the oldest on overflow). */
    void remove(long seq);

    /** The collector is gone: its frames and sequence state go too. */
    void discard();

    /** The process lets go of the edge but the collector stays: everything is kept for its next edge. */
    void release();

    /** @return "memory" or "disk" */
    String kind();

    /**
     * @return how many commit passes ran over the file since it was opened, each writing what had changed, if
     *         anything (0 in memory): what was journaled before one reading is in the file two passes later
     */
    long commitPasses();

    /** @return a journal that keeps nothing: a new epoch (now) and sequence numbers from 1 */
    static EdgeJournal memory() {
        long epoch = System.currentTimeMillis();
        return new EdgeJournal() {
            @Override
            public long epoch() {
                return epoch;
            }

            @Override
            public long nextSeq() {
                return 1;
            }

            @Override
            public NavigableMap<Long, String> frames() {
                return new java.util.TreeMap<>();
            }

            @Override
            public void append(long seq, String frame) {
            }

            @Override
            public void remove(long seq) {
            }

            @Override
            public void discard() {
            }

            @Override
            public void release() {
            }

            @Override
            public String kind() {
                return "memory";
            }

            @Override
            public long commitPasses() {
                return 0;
            }
        };
    }
}
