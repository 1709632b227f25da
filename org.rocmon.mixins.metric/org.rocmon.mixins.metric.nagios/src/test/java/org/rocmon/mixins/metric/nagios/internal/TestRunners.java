package org.rocmon.mixins.metric.nagios.internal;

import java.lang.annotation.Annotation;

import org.rocmon.api.mixin.ProcessRunner;
import org.rocmon.process.internal.ProcessRunnerComponent;

/** The host's real process runner, as the node builds it with its default configuration, shared by the tests. */
final class TestRunners {

    private static final ProcessRunnerComponent SHARED =
            new ProcessRunnerComponent(new ProcessRunnerComponent.Config() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return ProcessRunnerComponent.Config.class;
        }

        @Override
        public int maxConcurrent() {
            return 0;
        }

        @Override
        public int maxQueued() {
            return 10_000;
        }

        @Override
        public String mechanism() {
            return "auto";
        }
    });

    private TestRunners() {
    }

    static ProcessRunner shared() {
        return SHARED;
    }
}
