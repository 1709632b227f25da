package org.rocmon.mixins.publisher.timeseries.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines waiting for delivery, at most {@code capacity}; when full the oldest is dropped and counted, because fresh
 * data matters more to a monitoring system than old data. Only ever used by the one runtime thread that calls its
 * publisher, so it needs no locks.
 */
final class Pending {

    static final String FULL = "buffer full";

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final int capacity;
    private final Losses losses;

    Pending(int capacity, Losses losses) {
        this.capacity = capacity;
        this.losses = losses;
    }

    void add(String line) {
        if (lines.size() >= capacity) {
            lines.removeFirst();
            losses.add(FULL, 1);
        }
        lines.addLast(line);
    }

    int size() {
        return lines.size();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** @return up to {@code max} of the oldest lines, left in place until {@link #remove(int)} */
    List<String> peek(int max) {
        List<String> out = new ArrayList<>(Math.min(max, lines.size()));
        for (String line : lines) {
            if (out.size() == max) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    /** Removes the {@code count} oldest lines, once they were delivered or given up. */
    void remove(int count) {
        for (int i = 0; i < count && !lines.isEmpty(); i++) {
            lines.removeFirst();
        }
    }
}
