package org.rocmon.http.push;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The queue of a publisher that POSTs batches to an HTTP receiver, and its retry rules, written once for the
 * publishers that push (Webhook, PrometheusRemoteWrite). {@link #add} queues, dropping the oldest item when the queue
 * holds {@code maxqueue}; {@link #deliver} sends batches of at most {@code batch} items from the head. A batch that
 * fails for a passing reason ({@link Outcome#RETRY}) stays at the head and is sent again at the first delivery after
 * its backoff ({@code backoffMillis}, doubled per retry) has elapsed; nothing ever sleeps. After {@code retries}
 * retries, or when the receiver refuses it ({@link Outcome#REFUSED}), the batch is dropped. Every drop is counted by
 * reason, and {@link #losses} tells what was dropped since it was last asked.
 *
 * <p>Not thread-safe: one publisher instance, which the host never calls concurrently, owns it.
 *
 * @param <T> what is queued: a measurement, a sample
 */
public final class PushQueue<T> {

    /** What the receiver answered to one batch. */
    public enum Outcome {
        /** 2xx: delivered. */
        DELIVERED,
        /** No answer, or a status meaning "later" (429, 5xx, ...): may work later. */
        RETRY,
        /** Any other status: the receiver will never take this batch. */
        REFUSED
    }

    /** Sends one batch; called on the delivering thread, bounded by the publisher's own timeout. */
    @FunctionalInterface
    public interface Sender<T> {
        Outcome send(List<T> batch);
    }

    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final Map<String, Long> dropsByReason = new TreeMap<>();
    private final int maxqueue;
    private final int batch;
    private final int retries;
    private final long backoffMillis;
    /** Failed attempts of the batch at the head of the queue. */
    private int attempts;
    /** Epoch ms before which the head batch is not retried. */
    private long retryAt;
    private long delivered;
    private long dropped;
    private long reported;

    /**
     * @param maxqueue items kept, at least 1
     * @param batch items per request, from 1 to {@code maxqueue}
     * @param retries retries of a failed batch before it is dropped, at least 0
     * @param backoffMillis wait before the first retry, at least 1
     * @throws IllegalArgumentException if a bound is not met (publishers check their attributes first)
     */
    public PushQueue(int maxqueue, int batch, int retries, long backoffMillis) {
        if (maxqueue < 1 || batch < 1 || batch > maxqueue || retries < 0 || backoffMillis < 1) {
            throw new IllegalArgumentException("maxqueue " + maxqueue + ", batch " + batch + ", retries " + retries
                    + ", backoff " + backoffMillis + " ms");
        }
        this.maxqueue = maxqueue;
        this.batch = batch;
        this.retries = retries;
        this.backoffMillis = backoffMillis;
    }

    /** Queues an item; when the queue is full the oldest one is dropped ({@code queue full}). */
    public void add(T item) {
        if (queue.size() >= maxqueue) {
            queue.removeFirst();
            drop("queue full", 1);
        }
        queue.addLast(item);
    }

    /** Counts items the publisher itself dropped, under {@code reason}. */
    public void drop(String reason, long count) {
        dropped += count;
        dropsByReason.merge(reason, count, Long::sum);
    }

    /**
     * Sends batches from the head while the queue is not empty, the head's backoff has elapsed and {@code goOn}
     * says so (it is asked before each batch), until one fails.
     *
     * @param now epoch ms of the delivery; {@link Long#MAX_VALUE} ignores the backoff (a last delivery on close)
     * @param problem what went wrong with the last send, e.g. {@code "receiver answered 503"}
     * @return what failed and what became of the batch, or {@code null}
     */
    public String deliver(long now, Sender<T> sender, Supplier<String> problem, BooleanSupplier goOn) {
        while (!queue.isEmpty() && now >= retryAt && goOn.getAsBoolean()) {
            List<T> head = head();
            Outcome outcome = sender.send(head);
            if (outcome == Outcome.DELIVERED) {
                remove(head.size());
                delivered += head.size();
                attempts = 0;
                retryAt = 0;
                continue;
            }
            if (outcome == Outcome.REFUSED) {
                remove(head.size());
                drop("refused", head.size());
                attempts = 0;
                retryAt = 0;
                return problem.get() + "; batch of " + head.size() + " dropped";
            }
            attempts++;
            if (attempts > retries) {
                remove(head.size());
                drop("retries exhausted", head.size());
                attempts = 0;
                retryAt = 0;
                return problem.get() + "; batch of " + head.size() + " dropped after " + retries + " retries";
            }
            long wait = backoffMillis << Math.min(attempts - 1, 30);
            retryAt = now + wait;
            return problem.get() + "; retry " + attempts + " of " + retries + " in " + wait + " ms";
        }
        return null;
    }

    /**
     * @param unit what an item is called, e.g. {@code "sample"}
     * @return how many items were dropped since the last call and why, or {@code null} if none was
     */
    public String losses(String unit) {
        if (dropped <= reported) {
            return null;
        }
        String losses = (dropped - reported) + " " + unit + "(s) dropped since the last tick (" + dropped
                + " in all: " + dropsByReason + ")";
        reported = dropped;
        return losses;
    }

    /** @return items waiting */
    public int size() {
        return queue.size();
    }

    /** @return items delivered so far */
    public long delivered() {
        return delivered;
    }

    /** @return items dropped so far, for any reason */
    public long dropped() {
        return dropped;
    }

    /** Forgets what is queued (not counted as dropped: the publisher is closing). */
    public void clear() {
        queue.clear();
    }

    private List<T> head() {
        List<T> head = new ArrayList<>(Math.min(batch, queue.size()));
        for (T item : queue) {
            if (head.size() == batch) {
                break;
            }
            head.add(item);
        }
        return head;
    }

    private void remove(int count) {
        for (int i = 0; i < count && !queue.isEmpty(); i++) {
            queue.removeFirst();
        }
    }
}
