package org.rocmon.sensor.internal.pipeline;

import java.util.List;

/**
 * A stage's bounded inbox: a ring buffer under one monitor. Producers offer a whole frame's worth of values in
 * one acquisition and the actor drains a batch in one, which keeps the lock cold at hundreds of thousands of
 * values per second from many connections.
 */
final class Inbox {

    private final Delivery[] ring;
    private int head;
    private int size;
    /** Mirror of size written under the monitor, so congestion checks read it without taking the lock. */
    private volatile int level;
    /** Lowest journal position of the batch the actor took and has not finished, {@link Long#MAX_VALUE} if none. */
    private long busyLow = Long.MAX_VALUE;

    Inbox(int capacity) {
        this.ring = new Delivery[capacity];
    }

    /** @return whether it was taken */
    synchronized boolean offer(Delivery d) {
        if (size == ring.length) {
            return false;
        }
        int tail = head + size;
        ring[tail >= ring.length ? tail - ring.length : tail] = d;
        level = ++size;
        return true;
    }

    /** @return how many of the list were taken, from its start */
    synchronized int offerAll(List<Delivery> ds) {
        int room = ring.length - size;
        int n = Math.min(room, ds.size());
        int tail = head + size;
        if (tail >= ring.length) {
            tail -= ring.length;
        }
        for (int i = 0; i < n; i++) {
            ring[tail] = ds.get(i);
            if (++tail == ring.length) {
                tail = 0;
            }
        }
        size += n;
        level = size;
        return n;
    }

    /** Moves up to max values into out, oldest first; their journal positions count as busy until {@link #done}. */
    synchronized void drainTo(List<Delivery> out, int max) {
        int n = Math.min(size, max);
        long low = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Delivery d = ring[head];
            if (d.pos != 0 && d.pos < low) {
                low = d.pos;
            }
            out.add(d);
            ring[head] = null;
            if (++head == ring.length) {
                head = 0;
            }
        }
        size -= n;
        level = size;
        busyLow = low;
    }

    /** The batch taken by the last {@link #drainTo} is finished (its outputs, if any, written on). */
    synchronized void done() {
        busyLow = Long.MAX_VALUE;
    }

    /**
     * @return the lowest journal position still waiting here or in the batch being processed,
     *         {@link Long#MAX_VALUE} if none; scans the ring, so it is for the journal's occasional trim only
     */
    synchronized long low() {
        long low = busyLow;
        int i = head;
        for (int k = 0; k < size; k++) {
            long p = ring[i].pos;
            if (p != 0 && p < low) {
                low = p;
            }
            if (++i == ring.length) {
                i = 0;
            }
        }
        return low;
    }

    /** @return how many values were thrown away */
    synchronized int clear() {
        int n = size;
        while (size > 0) {
            ring[head] = null;
            if (++head == ring.length) {
                head = 0;
            }
            size--;
        }
        level = 0;
        return n;
    }

    synchronized int size() {
        return size;
    }

    /** @return the size as of the last change, without locking */
    int level() {
        return level;
    }

    int capacity() {
        return ring.length;
    }
}
