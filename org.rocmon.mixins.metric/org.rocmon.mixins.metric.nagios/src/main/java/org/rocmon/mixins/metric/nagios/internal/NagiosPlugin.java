package org.rocmon.mixins.metric.nagios.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Runs a Monitoring Plugins (Nagios) check from the node's plugin folder every collector period, without a shell,
 * and writes its state, text and performance data. A check that hangs is killed with its children when its timeout
 * passes and reported UNKNOWN; so is one that can no longer be started.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE, configurationPid = NagiosPlugin.PID)
@Designate(ocd = NagiosPlugin.Config.class)
@MixinType(scheme = NagiosPlugin.SCHEME, term = NagiosPlugin.TERM, kind = MixinKind.METRIC,
        title = "Runs a Monitoring Plugins check", attributes = {NagiosPlugin.COMMAND, NagiosPlugin.ARGS,
            NagiosPlugin.TIMEOUT, OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT,
            OutputChannels.PERFDATA, OutputChannels.PERFPREFIX})
public class NagiosPlugin implements Metric {

    public static final String PID = "org.rocmon.mixins.metric.nagios";
    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "NagiosPlugin";
    public static final String COMMAND = "command:string!|file name of the plugin in the node's plugin folder, e.g. check_load";
    public static final String ARGS = "args:string=|arguments, split into words like a shell would but never run by one";
    public static final String TIMEOUT = "timeout:number=10|seconds before the plugin and its children are killed (0 < t <= 600)";

    static final double MAX_TIMEOUT = 600;
    static final int DEFAULT_MAX_OUTPUT = 64 * 1024;

    @ObjectClassDefinition(name = "Rocmon NagiosPlugin metric",
            description = "Where NagiosPlugin mixins of this node find plugins, and how much output they keep.")
    public @interface Config {
        @AttributeDefinition(description = "The only folder plugins are run from.")
        String pluginDirectory() default "/usr/lib/nagios/plugins";

        @AttributeDefinition(description = "Bytes of plugin output kept per run; the rest is discarded.")
        int maxOutputBytes() default DEFAULT_MAX_OUTPUT;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NagiosPlugin.class);

    private final PluginDirectory directory;
    private final PluginRunner runner;
    private final Clock clock;
    private final OutputChannels outputs = new OutputChannels();
    private String command;
    private List<String> commandLine;
    private long timeoutNanos;
    private boolean failing;

    @Activate
    public NagiosPlugin(Config config) {
        this(PluginDirectory.of(config.pluginDirectory()), maxOutput(config.maxOutputBytes()), Clock.systemUTC());
    }

    NagiosPlugin(PluginDirectory directory, int maxOutputBytes, Clock clock) {
        this.directory = directory;
        this.runner = new PluginRunner(maxOutputBytes);
        this.clock = clock;
    }

    private static int maxOutput(int configured) {
        if (configured < 1024) {
            LOG.warn("{}: maxOutputBytes {} is below 1024; using {}", PID, configured, DEFAULT_MAX_OUTPUT);
            return DEFAULT_MAX_OUTPUT;
        }
        return configured;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        command = context.string("command").trim();
        Path plugin;
        try {
            plugin = directory.resolve(command);
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(p + "command", "attribute '" + p + "command': " + e.getMessage());
        }
        List<String> line = new ArrayList<>();
        line.add(plugin.toString());
        try {
            line.addAll(ArgSplitter.split(context.string("args", "")));
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': " + e.getMessage());
        }
        commandLine = List.copyOf(line);
        double timeout = context.number("timeout");
        if (!(timeout > 0 && timeout <= MAX_TIMEOUT)) {
            throw new InvalidAttributeException(p + "timeout",
                    "attribute '" + p + "timeout' must be more than 0 and at most " + (int) MAX_TIMEOUT + " seconds");
        }
        timeoutNanos = (long) (timeout * TimeUnit.SECONDS.toNanos(1));
        outputs.open(context);
    }

    @Override
    public void measure(Output out) throws InterruptedIOException {
        long ts = clock.millis();
        outputs.write(check(), ts, out);
    }

    private PluginOutput check() throws InterruptedIOException {
        PluginRunner.Result run;
        try {
            run = runner.run(commandLine, directory.folder(), timeoutNanos);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            warnOnce("cannot run plugin {}: {}", e.getMessage());
            return new PluginOutput(State.UNKNOWN, "cannot run plugin " + command + ": " + e.getMessage(), "", "");
        }
        if (run.timedOut) {
            warnOnce("plugin {} timed out and was killed", "");
            return new PluginOutput(State.UNKNOWN, "plugin " + command + " timed out after "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 1000.0 + " s and was killed", "", "");
        }
        failing = false;
        if (run.discarded > 0) {
            LOG.debug("plugin {} wrote {} bytes beyond the limit; discarded", command, run.discarded);
        }
        if (run.output.isBlank()) {
            return new PluginOutput(State.fromExitCode(run.exitCode),
                    "(no output from plugin " + command + ", exit code " + run.exitCode + ")", "", "");
        }
        return PluginOutput.parse(State.fromExitCode(run.exitCode), run.output);
    }

    /** One warning when a check starts failing, not one every period. */
    private void warnOnce(String format, String detail) {
        if (!failing) {
            LOG.warn(format, command, detail);
        }
        failing = true;
    }

    OutputChannels outputs() {
        return outputs;
    }
}
