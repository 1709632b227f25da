package org.rocmon.mixins.metric.nagios.internal;

import org.junit.Test;

import org.rocmon.testkit.Fuzzing;

/** A short coverage-guided run of the plugin output + perf data parser (Jazzer; bench/fuzz.sh runs it longer). */
public class NagiosFuzzTest {

    @Test
    public void pluginOutputAndPerfDataNeverThrow() {
        Fuzzing.check(PluginOutputFuzzer.class);
    }
}
