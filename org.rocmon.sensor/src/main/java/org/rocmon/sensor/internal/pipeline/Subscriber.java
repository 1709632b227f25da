package org.rocmon.sensor.internal.pipeline;

import java.util.List;

/** Something a channel delivers to: a stage's inbox or a sensor-to-sensor forwarder. Must never block. */
public interface Subscriber {

    /** @param delivery the value; the subscriber counts it as taken or dropped */
    void offer(Delivery delivery);

    /** @param deliveries values of one frame or one actor turn, in order */
    default void offerAll(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            offer(d);
        }
    }

    /**
     * @return whether this subscriber, or a stage it feeds, is above its inbox's high-water mark: the sensor then
     *         withholds the ack of the frame that reached it until it drains below the low-water mark
     */
    default boolean congested() {
        return false;
    }
}
