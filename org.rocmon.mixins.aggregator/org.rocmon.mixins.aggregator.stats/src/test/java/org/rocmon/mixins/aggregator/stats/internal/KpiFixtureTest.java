package org.rocmon.mixins.aggregator.stats.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class KpiFixtureTest {

    static final String[] SPECS = {Kpi.INPUT, Kpi.OUTPUT, Kpi.FUNCTION, Kpi.GROUP, Kpi.SOURCES, Kpi.MAXAGE};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Kpi.SCHEME, Kpi.TERM, SPECS, Kpi::new);
    }
}
