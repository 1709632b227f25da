package org.rocmon.sensor.internal.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;

public class FrameParserTest {

    private final FrameParser parser = new FrameParser();

    private Frame parse(String s) throws JunkFrame {
        return parser.parse(s.replace('\'', '"'));
    }

    @Test
    public void envelopeWithScalarsAndValueObjects() throws Exception {
        Frame f = parse("{'collector':'c01','epoch':1732262400000,'seq':42,'ts':1732262403000,"
                + "'data':{'a':12.5,'b':{'value':true,'unit':'ms','state':'OK'},'c':'up','d':{'value':3,'ts':7}}}");
        assertEquals("c01", f.collector());
        assertTrue(f.sequenced());
        assertEquals(1732262400000L, f.epoch());
        assertEquals(42L, f.seq());
        assertEquals(4, f.size());
        Measurement a = f.measurement(0, "c01", 1);
        assertEquals(12.5, a.asDouble(), 0);
        assertEquals(1732262403000L, a.timestamp());
        assertEquals("c01", a.source());
        Measurement b = f.measurement(1, "c01", 1);
        assertEquals(Boolean.TRUE, b.value());
        assertEquals("ms", b.unit());
        assertEquals(State.OK, b.state());
        assertEquals("up", f.measurement(2, "c01", 1).value());
        assertEquals(7L, f.measurement(3, "c01", 1).timestamp());
        assertEquals(0, f.badValues());
    }

    @Test
    public void theFieldOrderDoesNotMatter() throws Exception {
        Frame f = parse("{'data':{'a':1},'seq':3,'ts':99,'epoch':5}");
        assertEquals(5L, f.epoch());
        assertEquals(3L, f.seq());
        assertEquals(99L, f.measurement(0, "x", 1).timestamp());
        assertEquals("each value carries the frame it came in", 5L, f.measurement(0, "x", 1).epoch());
        assertEquals(3L, f.measurement(0, "x", 1).seq());
        assertNull(f.collector());
    }

    @Test
    public void aBareMapIsUnsequencedAndTimedNow() throws Exception {
        Frame f = parse("{'a':12.5,'b':{'value':1,'state':'critical'}}");
        assertFalse(f.sequenced());
        assertEquals(2, f.size());
        assertEquals("a", f.channel(0));
        assertEquals(123L, f.measurement(0, "c01", 123).timestamp());
        assertEquals(Measurement.NO_ORIGIN, f.measurement(0, "c01", 123).seq());
        assertEquals(State.CRITICAL, f.measurement(1, "c01", 1).state());
    }

    @Test
    public void badValuesAreCountedAndTheRestKept() throws Exception {
        Frame f = parse("{'seq':1,'epoch':1,'data':{'a':null,'b':[1,2],'c':{'unit':'ms'},'d':{'value':1,"
                + "'state':'GREEN'},'e':{'value':{'x':1}},'f':2}}");
        assertEquals(1, f.size());
        assertEquals("f", f.channel(0));
        assertEquals(5, f.badValues());
    }

    @Test
    public void junkIsRejected() {
        String[] junk = {"", "not json", "[1,2]", "42", "{'a':1", "{}", "{'a':null}", "{'seq':'x','data':{}}",
            "{'epoch':1,'data':{'a':1}}", "{'seq':1.5,'data':{'a':1}}", "{'collector':3,'data':{'a':1}}",
            "{'a':1} {'b':2}"};
        for (String j : junk) {
            try {
                parse(j);
                fail("accepted " + j);
            } catch (JunkFrame e) {
                assertTrue(e.getMessage() != null);
            }
        }
    }

    @Test
    public void dedupeByEpochAndSeq() {
        CollectorTrack t = new CollectorTrack();
        assertEquals(CollectorTrack.Verdict.ACCEPT, t.offer(100, 1));
        assertEquals(CollectorTrack.Verdict.ACCEPT, t.offer(100, 2));
        assertEquals(CollectorTrack.Verdict.DUPLICATE, t.offer(100, 2));
        assertEquals(CollectorTrack.Verdict.DUPLICATE, t.offer(100, 1));
        assertEquals(CollectorTrack.Verdict.ACCEPT, t.offer(100, 5)); // a gap is not a duplicate
        assertEquals(5L, t.lastSeq());
        assertEquals(CollectorTrack.Verdict.ACCEPT, t.offer(200, 1)); // new epoch restarts
        assertEquals(200L, t.epoch());
        assertEquals(CollectorTrack.Verdict.DUPLICATE, t.offer(100, 9)); // stale epoch
        assertEquals(4L, t.frames());
    }
}
