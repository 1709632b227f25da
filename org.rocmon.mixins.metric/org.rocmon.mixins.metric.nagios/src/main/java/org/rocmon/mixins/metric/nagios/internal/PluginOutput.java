package org.rocmon.mixins.metric.nagios.internal;

import java.util.ArrayList;
import java.util.List;

import org.rocmon.api.State;

/**
 * What a check said, split as the Monitoring Plugins guidelines lay output out:
 *
 * <pre>
 * TEXT OUTPUT | OPTIONAL PERFDATA
 * LONG TEXT LINE 1
 * LONG TEXT LINE N | PERFDATA LINE 2
 * PERFDATA LINE 3
 * </pre>
 */
final class PluginOutput {

    final State state;
    final String text;
    final String longText;
    final String perfData;

    PluginOutput(State state, String text, String longText, String perfData) {
        this.state = state;
        this.text = text;
        this.longText = longText;
        this.perfData = perfData;
    }

    /**
     * @param state from the exit code or the NRPE result code
     * @param output everything the check wrote, stderr included
     * @return the parts
     */
    static PluginOutput parse(State state, String output) {
        String[] lines = output.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        String first = lines[0];
        int bar = first.indexOf('|');
        String text = (bar < 0 ? first : first.substring(0, bar)).trim();
        List<String> perf = new ArrayList<>();
        if (bar >= 0) {
            perf.add(first.substring(bar + 1));
        }
        List<String> longLines = new ArrayList<>();
        boolean inPerf = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (inPerf) {
                perf.add(line);
                continue;
            }
            int b = line.indexOf('|');
            if (b >= 0) {
                longLines.add(line.substring(0, b));
                perf.add(line.substring(b + 1));
                inPerf = true;
            } else {
                longLines.add(line);
            }
        }
        while (!longLines.isEmpty() && longLines.get(longLines.size() - 1).isBlank()) {
            longLines.remove(longLines.size() - 1);
        }
        return new PluginOutput(state, text, String.join("\n", longLines), String.join(" ", perf).trim());
    }
}
