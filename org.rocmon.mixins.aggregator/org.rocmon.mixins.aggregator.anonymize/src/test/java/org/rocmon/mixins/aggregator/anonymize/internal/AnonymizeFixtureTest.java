package org.rocmon.mixins.aggregator.anonymize.internal;

import org.junit.Test;

import org.rocmon.testkit.FixtureRunner;

public class AnonymizeFixtureTest {

    static final String[] SPECS = {Anonymize.INPUT, Anonymize.OUTPUT, Anonymize.SOURCE, Anonymize.VALUE,
        Anonymize.SALT};

    @Test
    public void everyCase() throws Exception {
        FixtureRunner.runAll(Anonymize.SCHEME, Anonymize.TERM, SPECS, Anonymize::new);
    }
}
