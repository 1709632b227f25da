package org.rocmon.http.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.http.push.PushQueue.Outcome;

public class PushQueueTest {

    /** A receiver that answers with the outcomes it is given, in order, and records the batches it got. */
    private static final class Receiver implements PushQueue.Sender<Integer> {
        final ArrayDeque<Outcome> answers = new ArrayDeque<>();
        final List<List<Integer>> got = new ArrayList<>();

        Receiver answer(Outcome... outcomes) {
            answers.addAll(List.of(outcomes));
            return this;
        }

        @Override
        public Outcome send(List<Integer> batch) {
            got.add(List.copyOf(batch));
            return answers.isEmpty() ? Outcome.DELIVERED : answers.removeFirst();
        }
    }

    private static PushQueue<Integer> queue(int maxqueue, int batch, int retries, long backoffMillis, int items) {
        PushQueue<Integer> q = new PushQueue<>(maxqueue, batch, retries, backoffMillis);
        for (int i = 1; i <= items; i++) {
            q.add(i);
        }
        return q;
    }

    @Test
    public void deliversInBatchesFromTheHead() {
        PushQueue<Integer> q = queue(10, 2, 3, 1000, 5);
        Receiver r = new Receiver();
        assertNull(q.deliver(0, r, () -> "x", () -> true));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), r.got);
        assertEquals(5, q.delivered());
        assertEquals(0, q.size());
        assertNull("nothing dropped", q.losses("item"));
    }

    @Test
    public void goOnIsAskedBeforeEachBatch() {
        PushQueue<Integer> q = queue(10, 2, 3, 1000, 5);
        Receiver r = new Receiver();
        int[] asked = {0};
        assertNull(q.deliver(0, r, () -> "x", () -> asked[0]++ < 2));
        assertEquals("two batches, then the time is up", 2, r.got.size());
        assertEquals(1, q.size());
    }

    @Test
    public void aFailedBatchWaitsItsBackoffDoubledPerRetryThenIsDropped() {
        PushQueue<Integer> q = queue(10, 2, 2, 100, 3);
        Receiver r = new Receiver().answer(Outcome.RETRY, Outcome.RETRY, Outcome.RETRY);
        assertEquals("down; retry 1 of 2 in 100 ms", q.deliver(1_000, r, () -> "down", () -> true));
        assertNull("not before the backoff", q.deliver(1_099, r, () -> "down", () -> true));
        assertEquals(1, r.got.size());
        assertEquals("down; retry 2 of 2 in 200 ms", q.deliver(1_100, r, () -> "down", () -> true));
        assertNull(q.deliver(1_299, r, () -> "down", () -> true));
        assertEquals("down; batch of 2 dropped after 2 retries", q.deliver(1_300, r, () -> "down", () -> true));
        assertEquals("the same head each time", List.of(List.of(1, 2), List.of(1, 2), List.of(1, 2)), r.got);
        assertEquals(1, q.size());
        assertEquals("2 item(s) dropped since the last tick (2 in all: {retries exhausted=2})", q.losses("item"));
        assertNull("said once", q.losses("item"));
        assertNull("the next batch goes at once", q.deliver(1_300, r, () -> "down", () -> true));
        assertEquals(List.of(3), r.got.get(3));
    }

    @Test
    public void aRefusedBatchIsDroppedAtOnce() {
        PushQueue<Integer> q = queue(10, 2, 3, 100, 3);
        Receiver r = new Receiver().answer(Outcome.REFUSED);
        assertEquals("answered 400; batch of 2 dropped", q.deliver(0, r, () -> "answered 400", () -> true));
        assertEquals(1, q.size());
        assertEquals(2, q.dropped());
        assertNull(q.deliver(0, r, () -> "x", () -> true));
        assertEquals(0, q.size());
    }

    @Test
    public void aFullQueueDropsTheOldestAndLossesAddUpByReason() {
        PushQueue<Integer> q = queue(3, 2, 0, 1, 5);
        q.drop("text values", 1);
        assertEquals(3, q.size());
        assertEquals("3 sample(s) dropped since the last tick (3 in all: {queue full=2, text values=1})",
                q.losses("sample"));
        Receiver r = new Receiver();
        q.deliver(0, r, () -> "x", () -> true);
        assertEquals("the oldest went", List.of(List.of(3, 4), List.of(5)), r.got);
    }

    @Test
    public void maxValueIgnoresTheBackoff() {
        PushQueue<Integer> q = queue(10, 5, 3, 3_600_000, 1);
        Receiver r = new Receiver().answer(Outcome.RETRY);
        q.deliver(0, r, () -> "down", () -> true);
        assertNull("a last delivery on close", q.deliver(Long.MAX_VALUE, r, () -> "down", () -> true));
        assertEquals(0, q.size());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aBatchLargerThanTheQueueIsRefused() {
        new PushQueue<Integer>(2, 3, 0, 1);
    }
}
