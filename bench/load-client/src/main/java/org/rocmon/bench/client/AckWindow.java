package org.rocmon.bench.client;

import org.rocmon.bench.histogram.LogHistogram;

/**
 * Flow control of one connection: at most {@code size} frames sent and not yet acknowledged. Acks are cumulative
 * (the highest seq taken), may be coalesced, and carry the edge's epoch; an ack of another epoch (what the sensor
 * remembered from an earlier run, sent on open) is ignored. Not thread-safe: its connection synchronizes.
 */
final class AckWindow {

    private final int size;
    private final long[] sentNanos;
    private long nextSeq = 1;
    private long acked;

    AckWindow(int size) {
        this.size = size;
        this.sentNanos = new long[size];
    }

    boolean canSend() {
        return nextSeq - 1 - acked < size;
    }

    /** @return the seq to send now */
    long next(long nowNanos) {
        long seq = nextSeq++;
        sentNanos[(int) (seq % size)] = nowNanos;
        return seq;
    }

    /**
     * @param seq the acknowledged seq
     * @param nowNanos arrival time
     * @param rttMicros where round-trip times of newly acknowledged frames go
     * @return how many frames this ack newly acknowledged
     */
    long ack(long seq, long nowNanos, LogHistogram rttMicros) {
        long upTo = Math.min(seq, nextSeq - 1);
        if (upTo <= acked) {
            return 0;
        }
        long from = Math.max(acked + 1, upTo - size + 1);
        for (long s = from; s <= upTo; s++) {
            rttMicros.record((nowNanos - sentNanos[(int) (s % size)]) / 1000);
        }
        long newly = upTo - acked;
        acked = upTo;
        return newly;
    }

    long acked() {
        return acked;
    }

    long sent() {
        return nextSeq - 1;
    }

    /**
     * Reads {@code {"ack":N,"epoch":E}} without a JSON library: it is the client's hot path.
     *
     * @param text a reply
     * @param epoch this edge's epoch
     * @return N, or -1 when the text is not an ack for this epoch
     */
    static long parseAck(String text, long epoch) {
        long ack = longField(text, "\"ack\":");
        if (ack < 0) {
            return -1;
        }
        long e = longField(text, "\"epoch\":");
        return e >= 0 && e != epoch ? -1 : ack;
    }

    private static long longField(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i++) - '0');
        }
        return i == start ? -1 : v;
    }
}
