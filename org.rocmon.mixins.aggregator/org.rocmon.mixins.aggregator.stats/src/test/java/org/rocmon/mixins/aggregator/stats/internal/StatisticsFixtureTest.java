package org.rocmon.mixins.aggregator.stats.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class StatisticsFixtureTest {

    static final String[] SPECS = {Statistics.INPUT, Statistics.STATISTICS, Statistics.OUTPREFIX,
        Statistics.SCHEDULER, Statistics.COUNT, Statistics.PERSOURCE, Statistics.MAXWINDOW};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Statistics.SCHEME, Statistics.TERM, SPECS, Statistics::new);
    }
}
