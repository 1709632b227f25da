package org.rocmon.sensor.internal.alarm;

/**
 * How often one collector delivers, learnt from what the sensor saw (the sensor does not know a collector's
 * period): the mean interval between frames, and since when it has been quiet. Used by one thread (the alarm
 * check).
 */
public final class Cadence {

    /** An estimate never goes below this: frames that arrive in a burst (a buffer flushed) say nothing of the period. */
    static final long MIN_INTERVAL_MILLIS = 100;

    private final long firstObserved;
    private long frames = -1;
    private long lastSeen;
    private long interval;

    /** @param now when the check first saw the collector (the baseline of one that never sends again) */
    public Cadence(long now) {
        this.firstObserved = now;
    }

    /**
     * @param frameCount frames counted for the collector so far
     * @param seenAt when its last frame arrived, 0 when never since the node started
     */
    public void observe(long frameCount, long seenAt) {
        if (frames >= 0 && frameCount > frames && lastSeen > 0 && seenAt > lastSeen) {
            long iv = Math.max(MIN_INTERVAL_MILLIS, (seenAt - lastSeen) / (frameCount - frames));
            interval = interval == 0 ? iv : (3 * interval + iv) / 4;
        }
        if (frameCount != frames) {
            frames = frameCount;
            lastSeen = seenAt;
        }
    }

    /** @return the mean interval between frames in ms, or 0 before two frames were seen */
    public long interval() {
        return interval;
    }

    /** @return ms without a frame at {@code now}, counted from the first check when none arrived since */
    public long quiet(long now) {
        return now - Math.max(lastSeen, firstObserved);
    }
}
