package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.List;

import org.rocmon.sensor.internal.pipeline.Subscriber;

/**
 * Backpressure for one collector: an ack goes out only when every stage its frame reached is below high water.
 * Otherwise the gate keeps the highest ack to send and the stages it waits for, and lets the ack go once they have
 * drained to low water. Acks are cumulative, so while one is withheld every later one is withheld too: a later ack
 * would acknowledge the held frames as well. Thread-safe; each method is short and never blocks on I/O.
 */
final class AckGate {

    private final String collectorId;
    private Ack released;
    private Ack held;
    private final List<Subscriber> waitingOn = new ArrayList<>(2);

    /** @param released what the collector may already know: the sensor's sequence state when the gate opens */
    AckGate(String collectorId, Ack released) {
        this.collectorId = collectorId;
        this.released = released;
    }

    String collectorId() {
        return collectorId;
    }

    /**
     * @param ack the ack the sensor would send for the frame just taken
     * @param congested the subscribers that frame reached and that are congested, or null
     * @return the ack to send now, or null when it is withheld
     */
    synchronized Ack pass(Ack ack, List<Subscriber> congested) {
        if (congested != null && !congested.isEmpty()) {
            for (Subscriber s : congested) {
                if (!waitingOn.contains(s)) {
                    waitingOn.add(s);
                }
            }
            held = ack;
            return null;
        }
        if (held != null) {
            held = ack;
            return null;
        }
        released = ack;
        return ack;
    }

    /** @return the withheld ack if everything it waits for has drained, else null */
    synchronized Ack release() {
        if (held == null) {
            return null;
        }
        for (Subscriber s : waitingOn) {
            if (s.congested()) {
                return null;
            }
        }
        return releaseNow();
    }

    /** Lets the withheld ack go whatever the stages say: the sensor's pipeline went away or was replaced. */
    synchronized Ack releaseNow() {
        Ack a = held;
        if (a != null) {
            released = a;
            held = null;
            waitingOn.clear();
        }
        return a;
    }

    synchronized boolean holding() {
        return held != null;
    }

    /**
     * @param current the sensor's sequence state for the collector
     * @return the ack for a newly opened connection: the sequence state, unless an ack is withheld, in which case
     *         only what was already released
     */
    synchronized Ack onOpen(Ack current) {
        if (held != null) {
            return released;
        }
        released = current;
        return current;
    }
}
