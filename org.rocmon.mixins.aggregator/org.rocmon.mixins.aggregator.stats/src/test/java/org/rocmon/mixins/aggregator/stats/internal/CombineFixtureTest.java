package org.rocmon.mixins.aggregator.stats.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class CombineFixtureTest {

    static final String[] SPECS = {Combine.IN1, Combine.IN2, Combine.IN3, Combine.IN4, Combine.IN5, Combine.IN6,
        Combine.IN7, Combine.IN8, Combine.FORMULA, Combine.OUTPUT, Combine.STALENESS, Combine.EMIT, Combine.MISSING};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Combine.SCHEME, Combine.TERM, SPECS, Combine::new);
    }
}
