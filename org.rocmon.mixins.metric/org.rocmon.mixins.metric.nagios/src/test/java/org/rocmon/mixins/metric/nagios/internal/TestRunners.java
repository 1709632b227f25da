package org.rocmon.mixins.metric.nagios.internal;

import org.rocmon.api.mixin.ProcessRunner;
import org.rocmon.testkit.DsComponents;

/**
 * The host's real process runner (org.rocmon.process's DS component), as the node builds it with its default
 * configuration, shared by the tests. Built from the bundle's component description, not by importing its
 * internal package.
 */
final class TestRunners {

    private static final ProcessRunner SHARED = DsComponents.create(ProcessRunner.class, null, null).instance();

    private TestRunners() {
    }

    static ProcessRunner shared() {
        return SHARED;
    }
}
