package org.rocmon.collector.internal;

import org.junit.Test;

import org.rocmon.collector.internal.edge.FrameCodecFuzzer;
import org.rocmon.collector.internal.resource.CollectorBodyFuzzer;
import org.rocmon.testkit.Fuzzing;

/** Short coverage-guided runs (Jazzer) of what reaches the collector from outside; bench/fuzz.sh runs them longer. */
public class CollectorFuzzTest {

    @Test
    public void collectorBodiesParseOrAreRefusedWith4xx() {
        Fuzzing.check(CollectorBodyFuzzer.class);
    }

    @Test
    public void framesEncodeAndAcksDecodeWithoutThrowing() {
        Fuzzing.check(FrameCodecFuzzer.class);
    }
}
