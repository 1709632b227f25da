package org.rocmon.mixins.metric.nagios.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.State;
import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;
import org.rocmon.api.mixin.ProcessRunner;

/**
 * Runs a Monitoring Plugins (Nagios) check from the node's plugin folder every collector period, without a shell,
 * and writes its state, text and performance data. The host's {@link ProcessRunner} starts, reads, times out and
 * reaps the plugin, so a check in flight holds no thread. A check that hangs is killed with its process group when
 * its timeout passes and reported UNKNOWN; so is one that can no longer be started.
 */
@Component(service = Metric.class, scope = ServiceScope.PROTOTYPE, configurationPid = NagiosPlugin.PID)
@Designate(ocd = NagiosPlugin.Config.class)
@MixinType(scheme = NagiosPlugin.SCHEME, term = NagiosPlugin.TERM, kind = MixinKind.METRIC,
        title = "Runs a Monitoring Plugins check", attributes = {NagiosPlugin.COMMAND, NagiosPlugin.ARGS,
            NagiosPlugin.TIMEOUT, OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT,
            OutputChannels.PERFDATA, OutputChannels.PERFPREFIX})
public class NagiosPlugin implements AsyncMetric {

    public static final String PID = "org.rocmon.mixins.metric.nagios";
    public static final String SCHEME = "http://example.com/occi/monitoring/metric#";
    public static final String TERM = "NagiosPlugin";
    public static final String COMMAND = "command:string!|file name of the plugin in the node's plugin folder, e.g. check_load";
    public static final String ARGS = "args:string=|arguments, split into words like a shell would but never run by one";
    public static final String TIMEOUT = "timeout:number(0,600]=10|seconds before the plugin and its children are killed";

    static final int DEFAULT_MAX_OUTPUT = 64 * 1024;
    /** Plugins format numbers by locale; perf data must keep the decimal point. */
    private static final Map<String, String> ENVIRONMENT = Map.of("LC_ALL", "C");

    @ObjectClassDefinition(name = "Rocmon NagiosPlugin metric",
            description = "Where NagiosPlugin mixins of this node find plugins, and how much output they keep.")
    public @interface Config {
        @AttributeDefinition(description = "The only folder plugins are run from.")
        String pluginDirectory() default "/usr/lib/nagios/plugins";

        @AttributeDefinition(description = "Bytes of plugin output kept per run; the rest is discarded.")
        int maxOutputBytes() default DEFAULT_MAX_OUTPUT;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NagiosPlugin.class);

    private final ProcessRunner runner;
    private final PluginDirectory directory;
    private final int maxOutputBytes;
    private final Clock clock;
    private final OutputChannels outputs = new OutputChannels();
    private String command;
    private ProcessRequest request;
    private long timeoutMillis;
    private volatile boolean failing;

    /**
     * @param config plugin folder and output limit
     * @param runner the host's process runner
     */
    @Activate
    public NagiosPlugin(Config config, @Reference ProcessRunner runner) {
        this(runner, PluginDirectory.of(config.pluginDirectory()), maxOutput(config.maxOutputBytes()),
                Clock.systemUTC());
    }

    NagiosPlugin(ProcessRunner runner, PluginDirectory directory, int maxOutputBytes, Clock clock) {
        this.runner = runner;
        this.directory = directory;
        this.maxOutputBytes = maxOutputBytes;
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
        double timeout = context.number("timeout"); // (0,600]: checked by the host (TIMEOUT)
        timeoutMillis = Math.max(1, Math.round(timeout * 1000));
        try {
            request = ProcessRequest.of(line).withDirectory(directory.folder()).withEnvironment(ENVIRONMENT)
                    .withTimeout(Duration.ofMillis(timeoutMillis)).withMaxOutputBytes(maxOutputBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(p + "args", "attribute '" + p + "args': " + e.getMessage());
        }
        outputs.open(context);
    }

    /**
     * Starts the plugin; its result is written when the host reports it exited or was killed, stamped with the
     * moment the check was started (as Nagios stamps a check with its start).
     */
    @Override
    public CompletionStage<?> measureAsync(Output out) {
        long ts = clock.millis();
        CompletionStage<ProcessResult> run;
        try {
            run = runner.run(request);
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.handle((result, failure) -> {
            outputs.write(result != null ? interpret(result) : cannotRun(failure), ts, out);
            return null;
        });
    }

    private PluginOutput interpret(ProcessResult run) {
        if (run.timedOut()) {
            warnOnce("plugin {} timed out and was killed", "");
            return new PluginOutput(State.UNKNOWN, "plugin " + command + " timed out after "
                    + timeoutMillis / 1000.0 + " s and was killed", "", "");
        }
        failing = false;
        if (run.discardedBytes() > 0) {
            LOG.debug("plugin {} wrote {} bytes beyond the limit; discarded", command, run.discardedBytes());
        }
        if (run.output().isBlank()) {
            return new PluginOutput(State.fromExitCode(run.exitCode()),
                    "(no output from plugin " + command + ", exit code " + run.exitCode() + ")", "", "");
        }
        return PluginOutput.parse(State.fromExitCode(run.exitCode()), run.output());
    }

    private PluginOutput cannotRun(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        String why = cause instanceof RejectedExecutionException ? "too many plugins waiting to run on this node"
                : String.valueOf(cause.getMessage());
        warnOnce("cannot run plugin {}: {}", why);
        return new PluginOutput(State.UNKNOWN, "cannot run plugin " + command + ": " + why, "", "");
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
