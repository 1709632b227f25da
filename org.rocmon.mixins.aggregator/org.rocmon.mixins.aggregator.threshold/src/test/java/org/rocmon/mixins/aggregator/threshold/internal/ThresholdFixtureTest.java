package org.rocmon.mixins.aggregator.threshold.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class ThresholdFixtureTest {

    static final String[] SPECS = {Threshold.INPUT, Threshold.OUTPUT, Threshold.WARNING, Threshold.CRITICAL,
        Threshold.HYSTERESIS, Threshold.INITIAL};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Threshold.SCHEME, Threshold.TERM, SPECS, Threshold::new);
    }
}
