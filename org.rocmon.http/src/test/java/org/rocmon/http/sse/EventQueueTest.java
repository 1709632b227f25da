package org.rocmon.http.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EventQueueTest {

    @Test
    public void aFullQueueDropsTheOldestAndCounts() {
        EventQueue q = new EventQueue(3);
        for (int i = 1; i <= 5; i++) {
            q.offer("f" + i + ";");
        }
        assertEquals(2, q.dropped());
        assertEquals("f3;f4;f5;", q.takeAll());
        assertEquals(null, q.takeAll());
        assertTrue(q.isEmpty());
    }
}
