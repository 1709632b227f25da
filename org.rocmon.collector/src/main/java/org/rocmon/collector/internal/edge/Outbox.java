package org.rocmon.collector.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NavigableMap;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorProtocol;

/**
 * The frames of one edge the sensor has not acknowledged yet, by sequence number, at most {@code capacity} of them
 * (the oldest go first). Only the head is ever removed (acks and overflow), so they stay contiguous. Every change
 * is mirrored in the edge's {@link EdgeJournal}, from which a new outbox takes back what a previous process left.
 * Not thread-safe: {@link WebSocketEdge} guards it with its lock.
 */
final class Outbox {

    private final String collectorId;
    private final long epoch;
    private final int capacity;
    private final EdgeJournal journal;
    private final NavigableMap<Long, String> frames;
    private long nextSeq;
    private final long recovered;
    private long acked;
    private long lastAck;
    private long dropped;
    private long oversize;

    Outbox(String collectorId, EdgeJournal journal, int capacity) {
        this.collectorId = collectorId;
        this.journal = journal;
        this.epoch = journal.epoch();
        this.capacity = Math.max(1, capacity);
        this.frames = journal.frames();
        this.recovered = frames.size();
        this.nextSeq = Math.max(journal.nextSeq(), frames.isEmpty() ? 1 : frames.lastKey() + 1);
        trim();
    }

    long epoch() {
        return epoch;
    }

    /**
     * @return false when the frame is larger than the protocol allows and is dropped (the sensor would close the
     *         socket on it, and it would be resent forever)
     */
    boolean add(long ts, Map<String, Measurement> channels) {
        String text = FrameCodec.encode(collectorId, epoch, nextSeq, ts, channels);
        if (text.getBytes(StandardCharsets.UTF_8).length > CollectorProtocol.MAX_FRAME_BYTES) {
            oversize++;
            return false;
        }
        journal.append(nextSeq, text);
        frames.put(nextSeq++, text);
        trim();
        return true;
    }

    private void trim() {
        while (frames.size() > capacity) {
            journal.remove(frames.pollFirstEntry().getKey());
            dropped++;
        }
    }

    /** Forgets every frame up to {@code seq}: the sensor has them. */
    void ack(long seq) {
        lastAck = Math.max(lastAck, seq);
        while (!frames.isEmpty() && frames.firstKey() <= seq) {
            journal.remove(frames.pollFirstEntry().getKey());
            acked++;
        }
    }

    /** @return the first frame after {@code seq}, or null */
    Map.Entry<Long, String> after(long seq) {
        return frames.higherEntry(seq);
    }

    /** @param discard the collector is gone (its journal goes too), else it is only let go by this process */
    void clear(boolean discard) {
        frames.clear();
        if (discard) {
            journal.discard();
        } else {
            journal.release();
        }
    }

    void putCounters(Map<String, Long> counters) {
        counters.put("acked", acked);
        counters.put("lastAck", lastAck);
        counters.put("buffered", (long) frames.size());
        counters.put("dropped", dropped);
        counters.put("oversize", oversize);
        counters.put("recovered", recovered);
        counters.put("commitPasses", journal.commitPasses());
    }

    long nextSeq() {
        return nextSeq;
    }
}
