package org.rocmon.sensor.internal;

import org.junit.Test;

import org.rocmon.sensor.internal.ingest.FrameFuzzer;
import org.rocmon.sensor.internal.model.SensorBodyFuzzer;
import org.rocmon.testkit.Fuzzing;

/** Short coverage-guided runs (Jazzer) of what reaches the sensor from outside; bench/fuzz.sh runs them longer. */
public class SensorFuzzTest {

    @Test
    public void collectorFramesParseOrAreJunk() {
        Fuzzing.check(FrameFuzzer.class);
    }

    @Test
    public void sensorAndEdgeBodiesParseOrAreRefusedWith4xx() {
        Fuzzing.check(SensorBodyFuzzer.class);
    }
}
