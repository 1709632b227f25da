package org.rocmon.sensor.internal;

/** An open collector WebSocket as the sensor sees it; lets the model close it without knowing Jetty. */
public interface CollectorConnection {

    /** @return the collector id named on the upgrade */
    String collectorId();

    /**
     * Sends an ack without blocking; called from any thread (the one that took the frame, or the one that released
     * a withheld ack). An ack older than one already sent on this connection is skipped.
     *
     * @param ack the ack
     */
    void ack(Ack ack);

    /**
     * Called by the sensor's timer while an ack to this collector is withheld: a connection that stopped reading
     * for backpressure resumes once it has paused for too long.
     *
     * @param nowNanos {@link System#nanoTime()}
     */
    void checkPause(long nowNanos);

    /**
     * @param code WebSocket close status
     * @param reason short text
     */
    void close(int code, String reason);
}
