package org.rocmon.mixins.publisher.remotewrite.internal;

import org.junit.Test;

import org.rocmon.testkit.MixinConventions;

/**
 * Every mixin class of this bundle (found by scanning its compiled classes) declares its TERM, has a section
 * {@code ## <Term>} with the standard headings in the family README, and a fixture folder testcases/<Term>.
 */
public class MixinConventionTest {

    @Test
    public void everyMixinHasReadmeSectionAndFixtures() throws Exception {
        MixinConventions.assertModule(PrometheusRemoteWrite.class);
    }
}
