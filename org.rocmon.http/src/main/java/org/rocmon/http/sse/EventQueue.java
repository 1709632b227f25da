package org.rocmon.http.sse;

import java.util.ArrayDeque;

/**
 * The bounded queue of one subscriber. The producer never waits for a slow reader: when the queue is full,
 * the oldest frame is dropped and counted, so a dashboard that falls behind sees the newest values. Thread-safe:
 * producers offer while a container thread takes.
 */
final class EventQueue {

    private final int capacity;
    private final ArrayDeque<String> frames;
    private long dropped;

    EventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Adds a frame, dropping the oldest one when full. */
    synchronized void offer(String frame) {
        if (frames.size() == capacity) {
            frames.pollFirst();
            dropped++;
        }
        frames.addLast(frame);
    }

    /** @return every queued frame concatenated, oldest first, or null when the queue is empty */
    synchronized String takeAll() {
        if (frames.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String f; (f = frames.pollFirst()) != null;) {
            b.append(f);
        }
        return b.toString();
    }

    synchronized boolean isEmpty() {
        return frames.isEmpty();
    }

    /** @return frames dropped because the reader was slower than the producer */
    synchronized long dropped() {
        return dropped;
    }
}
