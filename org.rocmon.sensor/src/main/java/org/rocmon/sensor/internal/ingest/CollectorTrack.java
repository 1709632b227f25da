package org.rocmon.sensor.internal.ingest;

/**
 * What a sensor knows about one collector's sequence: the epoch of the edge and the highest seq it accepted in
 * that epoch. Survives reconnects and pipeline updates, and is persisted with the sensor.
 */
public final class CollectorTrack {

    /** Outcome of offering one sequenced frame. */
    public enum Verdict {
        ACCEPT, DUPLICATE
    }

    private long epoch;
    private long lastSeq;
    private long frames;
    private long lastSeen;
    private volatile boolean connected;

    public CollectorTrack() {
    }

    public CollectorTrack(long epoch, long lastSeq) {
        this.epoch = epoch;
        this.lastSeq = lastSeq;
    }

    /**
     * Decides and records. A newer epoch restarts the sequence; an older epoch or a seq at or below the last
     * accepted one is a duplicate.
     */
    public synchronized Verdict offer(long frameEpoch, long seq) {
        lastSeen = System.currentTimeMillis();
        if (frameEpoch > epoch) {
            epoch = frameEpoch;
            lastSeq = seq;
            frames++;
            return Verdict.ACCEPT;
        }
        if (frameEpoch < epoch || seq <= lastSeq) {
            return Verdict.DUPLICATE;
        }
        lastSeq = seq;
        frames++;
        return Verdict.ACCEPT;
    }

    /** Counts an unsequenced frame. */
    public synchronized void countBare() {
        lastSeen = System.currentTimeMillis();
        frames++;
    }

    public synchronized long epoch() {
        return epoch;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized long frames() {
        return frames;
    }

    public synchronized long lastSeen() {
        return lastSeen;
    }

    public boolean connected() {
        return connected;
    }

    public void connected(boolean c) {
        connected = c;
    }
}
