package org.rocmon.bench.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import org.rocmon.bench.histogram.LogHistogram;

public class AckWindowTest {

    @Test
    public void windowBoundsUnacknowledgedFramesAndCoalescedAcksReopenIt() {
        AckWindow w = new AckWindow(4);
        LogHistogram rtt = new LogHistogram();
        for (int i = 1; i <= 4; i++) {
            assertTrue(w.canSend());
            assertEquals(i, w.next(i * 1_000L));
        }
        assertFalse(w.canSend());
        assertEquals(3, w.ack(3, 10_000L, rtt)); // one coalesced ack for 1..3
        assertEquals(3, LogHistogram.total(rtt.snapshot()));
        assertEquals(9, LogHistogram.percentile(rtt.snapshot(), 100)); // (10000 - 1000) ns = 9 us
        assertTrue(w.canSend());
        assertEquals(0, w.ack(2, 11_000L, rtt)); // stale ack
        assertEquals(1, w.ack(99, 12_000L, rtt)); // never beyond what was sent
        assertEquals(4, w.acked());
        assertEquals(4, w.sent());
    }

    @Test
    public void parsesAcksOfItsOwnEpochOnly() {
        assertEquals(42, AckWindow.parseAck("{\"ack\":42,\"epoch\":7}", 7));
        assertEquals(-1, AckWindow.parseAck("{\"ack\":42,\"epoch\":6}", 7));
        assertEquals(5, AckWindow.parseAck("{\"ack\": 5}", 7));
        assertEquals(-1, AckWindow.parseAck("{\"error\":\"x\"}", 7));
        assertEquals(-1, AckWindow.parseAck("{\"ack\":\"x\"}", 7));
    }
}
