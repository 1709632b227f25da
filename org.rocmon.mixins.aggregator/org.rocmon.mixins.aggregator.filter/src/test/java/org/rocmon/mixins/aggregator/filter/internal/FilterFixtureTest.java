package org.rocmon.mixins.aggregator.filter.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class FilterFixtureTest {

    static final String[] SELECT = {Select.INPUT, Select.OUTPUT, Select.SOURCES, Select.MIN, Select.MAX};
    static final String[] DEADBAND = {Deadband.INPUT, Deadband.OUTPUT, Deadband.DEADBAND, Deadband.MAXSILENCE};
    static final String[] RATELIMIT = {RateLimit.INPUT, RateLimit.OUTPUT, RateLimit.PERSECOND, RateLimit.DROPPED};

    @Test
    public void selectCases() throws Exception {
        FixtureRunner.runAll(Select.SCHEME, Select.TERM, SELECT, Select::new);
    }

    @Test
    public void deadbandCases() throws Exception {
        FixtureRunner.runAll(Deadband.SCHEME, Deadband.TERM, DEADBAND, Deadband::new);
    }

    @Test
    public void rateLimitCases() throws Exception {
        FixtureRunner.runAll(RateLimit.SCHEME, RateLimit.TERM, RATELIMIT, RateLimit::new);
    }
}
