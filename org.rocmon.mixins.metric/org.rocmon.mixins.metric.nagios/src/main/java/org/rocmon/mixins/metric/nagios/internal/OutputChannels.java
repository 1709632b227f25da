package org.rocmon.mixins.metric.nagios.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Output;

/**
 * The output attributes NagiosPlugin and NRPE share, and how a check's result is written to them: the state, the
 * first line of text, the long text and the performance-data items, mapped by label or under a prefix.
 */
final class OutputChannels {

    static final String STATE = "state:out?|channel of the check's state (OK, WARNING, CRITICAL or UNKNOWN) as text";
    static final String TEXT = "text:out?|channel of the first line of output, before '|'";
    static final String LONGTEXT = "longtext:out?|channel of the long output lines, written when there are any";
    static final String PERFDATA = "perfdata:string|perf-data labels to channels, e.g. 'load1=l1,load5=l5'";
    static final String PERFPREFIX = "perfprefix:out?|prefix of the channel <perfprefix>.<label> of every perf item not in perfdata";

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern NOT_CHANNEL = Pattern.compile("[^A-Za-z0-9_.:-]");

    private String state;
    private String text;
    private String longText;
    private Map<String, String> perfMap = Map.of();
    private String perfPrefix;
    private long unknownValues;
    private long malformedItems;

    void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        state = context.optionalChannel("state").orElse(null);
        text = context.optionalChannel("text").orElse(null);
        longText = context.optionalChannel("longtext").orElse(null);
        perfPrefix = context.optionalChannel("perfprefix").orElse(null);
        perfMap = mapping(p + "perfdata", context.string("perfdata", ""));
        // perfdata names its channels inside a string attribute, so the runtime learns them only from us.
        for (String channel : perfMap.values()) {
            context.declareOutput(channel);
        }
        if (state == null && text == null && longText == null && perfPrefix == null && perfMap.isEmpty()) {
            throw new InvalidAttributeException(p + "state", "give at least one output: '" + p + "state', '" + p
                    + "text', '" + p + "longtext', '" + p + "perfdata' or '" + p + "perfprefix'");
        }
    }

    /** Parses {@code label=channel,label2=channel2}; labels are taken as the plugin writes them, unquoted. */
    static Map<String, String> mapping(String attribute, String text) throws InvalidAttributeException {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        for (String entry : text.split(",")) {
            int eq = entry.lastIndexOf('=');
            String label = eq < 0 ? "" : entry.substring(0, eq).trim();
            String channel = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (label.isEmpty() || !CHANNEL.matcher(channel).matches()) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute
                        + "' must be 'label=channel,label2=channel2' with channel names of letters, digits, _ . : -;"
                        + " '" + entry.trim() + "' is not");
            }
            if (map.put(label, channel) != null) {
                throw new InvalidAttributeException(attribute,
                        "attribute '" + attribute + "' maps the label '" + label + "' twice");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Writes what the outputs ask for; every measurement carries the same timestamp. */
    void write(PluginOutput result, long ts, Output out) {
        if (state != null) {
            out.write(state, Measurement.of(result.state.name(), ts).withState(result.state));
        }
        if (text != null) {
            out.write(text, Measurement.of(result.text, ts).withState(result.state));
        }
        if (longText != null && !result.longText.isBlank()) {
            out.write(longText, Measurement.of(result.longText, ts).withState(result.state));
        }
        if (perfMap.isEmpty() && perfPrefix == null) {
            return;
        }
        PerfDataParser.Result perf = PerfDataParser.parse(result.perfData);
        malformedItems += perf.malformed;
        for (PerfItem item : perf.items) {
            String channel = perfMap.get(item.label);
            if (channel == null && perfPrefix != null) {
                channel = prefixed(perfPrefix, item.label);
            }
            if (channel == null) {
                continue;
            }
            if (item.unknown()) {
                // 'U' says the plugin could not measure: there is no number to write, only the fact to count.
                unknownValues++;
                continue;
            }
            Measurement m = Measurement.of(item.value, ts).withUnit(item.unit);
            State s = item.state();
            out.write(channel, s == null ? m : m.withState(s));
        }
    }

    /** Labels may hold spaces or '/', which channel names cannot: such characters become '_'. */
    static String prefixed(String prefix, String label) {
        String channel = prefix + "." + NOT_CHANNEL.matcher(label).replaceAll("_");
        return channel.length() > 128 ? channel.substring(0, 128) : channel;
    }

    /** @return perf items with value 'U' met on a mapped channel since open */
    long unknownValues() {
        return unknownValues;
    }

    /** @return perf items that could not be parsed since open */
    long malformedItems() {
        return malformedItems;
    }
}
