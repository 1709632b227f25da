package org.rocmon.mixins.aggregator.ewma.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class EwmaFixtureTest {

    static final String[] SPECS = {Ewma.GAIN, Ewma.INSTREAM, Ewma.OUTSTREAM};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Ewma.SCHEME, Ewma.TERM, SPECS, Ewma::new);
    }
}
