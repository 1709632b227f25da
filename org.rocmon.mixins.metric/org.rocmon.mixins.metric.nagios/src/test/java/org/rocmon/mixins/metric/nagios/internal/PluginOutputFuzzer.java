package org.rocmon.mixins.metric.nagios.internal;

import java.nio.charset.StandardCharsets;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;

/**
 * Jazzer target: whatever a plugin or an NRPE agent writes goes through the path {@code OutputChannels.write}
 * takes (split into text, long text and perf data; perf items parsed, their state judged, their channel named,
 * a measurement made). Plugin output is untrusted and never rejected: every input must come back as a result,
 * so any exception is a finding.
 */
public final class PluginOutputFuzzer {

    private PluginOutputFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "LOAD OK - load|load1=0.460;5.000;10.000;0; 'a b'=U;@1:2;~:3;;\nlong|x=1,5ms"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        State state = State.values()[data.length % State.values().length];
        PluginOutput out = PluginOutput.parse(state, new String(data, StandardCharsets.UTF_8));
        Measurement.of(out.text, 0).withState(out.state);
        PerfDataParser.Result perf = PerfDataParser.parse(out.perfData);
        if (perf.malformed < 0) {
            throw new IllegalStateException("negative malformed count");
        }
        for (PerfItem item : perf.items) {
            item.state();
            item.toString();
            OutputChannels.prefixed("p", item.label);
            if (!item.unknown()) {
                Measurement.of(item.value, 0).withUnit(item.unit);
            }
        }
    }
}
