package org.rocmon.sensor.internal;

/** An open collector WebSocket as the sensor sees it; lets the model close it without knowing Jetty. */
public interface CollectorConnection {

    /** @return the collector id named on the upgrade */
    String collectorId();

    /**
     * @param code WebSocket close status
     * @param reason short text
     */
    void close(int code, String reason);
}
