package org.rocmon.sensor.internal;

/**
 * What the sensor acknowledges to a collector: the highest seq accepted within the epoch.
 *
 * @param epoch the collector edge's epoch
 * @param seq highest sequence number taken into the pipeline
 */
public record Ack(long epoch, long seq) {

    /** @return whether this ack acknowledges more than the other: a newer epoch, or a higher seq in the same one */
    public boolean after(Ack other) {
        return other == null || epoch > other.epoch || epoch == other.epoch && seq > other.seq;
    }

    /** @return the reply frame */
    public String toJson() {
        return "{\"ack\":" + seq + ",\"epoch\":" + epoch + "}";
    }
}
