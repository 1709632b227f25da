package org.rocmon.collector.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorProtocol;

/**
 * The frames of one edge the sensor has not acknowledged yet, by sequence number, at most {@code capacity} of them
 * (the oldest go first). Only the head is ever removed (acks and overflow), so they stay contiguous. Not
 * thread-safe: {@link WebSocketEdge} guards it with its lock.
 */
final class Outbox {

    private final String collectorId;
    private final long epoch;
    private final int capacity;
    private final TreeMap<Long, String> frames = new TreeMap<>();
    private long nextSeq = 1;
    private long acked;
    private long lastAck;
    private long dropped;
    private long oversize;

    Outbox(String collectorId, long epoch, int capacity) {
        this.collectorId = collectorId;
        this.epoch = epoch;
        this.capacity = Math.max(1, capacity);
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
        frames.put(nextSeq++, text);
        while (frames.size() > capacity) {
            frames.pollFirstEntry();
            dropped++;
        }
        return true;
    }

    /** Forgets every frame up to {@code seq}: the sensor has them. */
    void ack(long seq) {
        lastAck = Math.max(lastAck, seq);
        while (!frames.isEmpty() && frames.firstKey() <= seq) {
            frames.pollFirstEntry();
            acked++;
        }
    }

    /** @return the first frame after {@code seq}, or null */
    Map.Entry<Long, String> after(long seq) {
        return frames.higherEntry(seq);
    }

    void clear() {
        frames.clear();
    }

    void putCounters(Map<String, Long> counters) {
        counters.put("acked", acked);
        counters.put("lastAck", lastAck);
        counters.put("buffered", (long) frames.size());
        counters.put("dropped", dropped);
        counters.put("oversize", oversize);
    }

    long nextSeq() {
        return nextSeq;
    }
}
