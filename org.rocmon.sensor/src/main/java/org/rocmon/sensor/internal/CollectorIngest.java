package org.rocmon.sensor.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.sensor.internal.ingest.FrameParser;
import org.rocmon.sensor.internal.ingest.JunkFrame;
import org.rocmon.sensor.internal.pipeline.RateLimitedLog;

/**
 * What a collector connection (a WebSocket or an in-process link) does to its sensor: open, frames, close. Junk
 * is counted and logged at a bounded rate, never answered.
 */
public final class CollectorIngest {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorIngest.class);

    private final FrameParser frames = new FrameParser();
    private final RateLimitedLog junkLog = new RateLimitedLog(LOG, 10_000);

    /**
     * A collector connection opened; returns the ack to send first, or null when the sensor's journal sends it
     * after its next commit (as it does every ack: an ack then means the frame is on disk).
     */
    public Ack opened(Sensor s, CollectorConnection c) {
        s.collectors().connect(c);
        return s.openAck(c.collectorId());
    }

    /** @return the ack to send, or null (withheld, or sent by the journal once the frame is committed) */
    public Ack frame(Sensor s, String collectorId, String text) {
        try {
            return s.ingest(collectorId, frames.parse(text), text);
        } catch (JunkFrame e) {
            s.counters().rejected.increment();
            junkLog.warn("junk/" + s.id() + "/" + collectorId, "sensor " + s.id() + ": rejected a frame from "
                    + collectorId + ": " + e.getMessage(), null);
            return null;
        }
    }

    public void closed(Sensor s, CollectorConnection c, int code) {
        s.collectors().disconnect(c);
        if (code == 1009) {
            s.counters().rejected.increment();
            junkLog.warn("big/" + s.id() + "/" + c.collectorId(), "sensor " + s.id() + ": collector "
                    + c.collectorId() + " sent a frame over 64 KiB; connection closed with 1009", null);
        }
    }
}
