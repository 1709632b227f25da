package org.rocmon.bench.bare;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class FrameSinkTest {

    @Test
    public void countsFramesAndChannelsAndAcksTheSequence() {
        FrameSink sink = new FrameSink(() -> 10_005);
        assertEquals("{\"ack\":42,\"epoch\":7}",
                sink.take("{\"collector\":\"b0\",\"epoch\":7,\"seq\":42,\"ts\":10000,\"data\":{\"a\":1,\"b\":{\"value\":true}}}"));
        String summary = sink.summary(1);
        // 5 ms old, recorded once per channel; 5000 us lies in the bucket [4992, 5119].
        assertTrue(summary, summary.startsWith("{\"count\":2,\"frames\":1,\"rejected\":0,\"ts\":1,\"p50us\":5119,"));
    }

    @Test
    public void junkIsCountedNotAcked() {
        FrameSink sink = new FrameSink(() -> 0);
        assertNull(sink.take("not json"));
        assertNull(sink.take("[1,2]"));
        assertEquals("{\"ack\":0}", sink.take("{\"a\":1}"));
        assertTrue(sink.summary(0).startsWith("{\"count\":1,\"frames\":1,\"rejected\":2,"));
    }
}
