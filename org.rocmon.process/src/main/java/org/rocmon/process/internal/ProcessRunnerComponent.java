package org.rocmon.process.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;
import org.rocmon.api.mixin.ProcessRunner;

/**
 * The node's {@link ProcessRunner}: the native runner ({@link ProcessReactor}, posix_spawn and one poll thread)
 * where it works, else the JDK one ({@link JdkProcessRunner}). Configuration is checked at activation: a bad
 * number is logged and replaced by its default, an unusable mechanism by the other one; nothing fails later.
 * Deactivation kills every running program's group and fails queued requests.
 */
@Component(service = ProcessRunner.class, configurationPid = ProcessRunnerComponent.PID)
@Designate(ocd = ProcessRunnerComponent.Config.class)
public final class ProcessRunnerComponent implements ProcessRunner {

    public static final String PID = "org.rocmon.process";
    /** Queue bound by default. */
    static final int DEFAULT_MAX_QUEUED = 10_000;

    /** Limits and mechanism of the node's process runner. */
    @ObjectClassDefinition(name = "Rocmon process runner",
            description = "How the node starts Monitoring Plugins and other programs for mixins")
    public @interface Config {
        /** @return programs running at once */
        @AttributeDefinition(description = "Programs running at once; 0 = automatic, max(64, 4 x processors). "
                + "Further requests wait in the queue.")
        int maxConcurrent() default 0;

        /** @return requests waiting beyond {@link #maxConcurrent()} */
        @AttributeDefinition(description = "Requests waiting for a slot; beyond, run() fails with "
                + "RejectedExecutionException. 0 = no queue.")
        int maxQueued() default DEFAULT_MAX_QUEUED;

        /** @return auto, native or jdk */
        @AttributeDefinition(description = "auto: posix_spawn where available, else the JDK's ProcessBuilder",
                options = {@Option(label = "auto", value = "auto"), @Option(label = "native (posix_spawn)",
                    value = "native"), @Option(label = "jdk (ProcessBuilder)", value = "jdk")})
        String mechanism() default "auto";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunnerComponent.class);

    private final ManagedRunner runner;

    /** @param config limits and mechanism; bad values fall back to defaults with a warning */
    @Activate
    public ProcessRunnerComponent(Config config) {
        int maxConcurrent = maxConcurrent(config.maxConcurrent());
        int maxQueued = config.maxQueued();
        if (maxQueued < 0) {
            LOG.warn("{}: maxQueued {} is negative; using {}", PID, maxQueued, DEFAULT_MAX_QUEUED);
            maxQueued = DEFAULT_MAX_QUEUED;
        }
        String mechanism = config.mechanism() == null ? "auto" : config.mechanism().trim().toLowerCase(Locale.ROOT);
        if (!mechanism.equals("auto") && !mechanism.equals("native") && !mechanism.equals("jdk")) {
            LOG.warn("{}: mechanism '{}' is not auto, native or jdk; using auto", PID, config.mechanism());
            mechanism = "auto";
        }
        runner = create(mechanism, maxConcurrent, maxQueued);
        LOG.info("{}: {} (maxConcurrent {}, maxQueued {})", PID, runner, maxConcurrent, maxQueued);
    }

    static int maxConcurrent(int configured) {
        int automatic = Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
        if (configured < 0) {
            LOG.warn("{}: maxConcurrent {} is negative; using {}", PID, configured, automatic);
        }
        return configured > 0 ? configured : automatic;
    }

    private static ManagedRunner create(String mechanism, int maxConcurrent, int maxQueued) {
        if (!mechanism.equals("jdk")) {
            String unavailable = NativeSpawner.unavailable();
            if (unavailable == null) {
                try {
                    // Spawned on the I/O thread: measured slightly cheaper in CPU than on the caller (ProcessCostCheck)
                    // and it blocks for only ~160 us per program until exec.
                    return new ProcessReactor(maxConcurrent, maxQueued, false, true);
                } catch (IOException | RuntimeException | LinkageError e) {
                    unavailable = e.toString();
                }
            }
            if (mechanism.equals("native")) {
                LOG.warn("{}: native spawning was asked for but is unavailable ({}); using the JDK", PID,
                        unavailable);
            } else {
                LOG.info("{}: native spawning unavailable ({}); using the JDK", PID, unavailable);
            }
        }
        // ProcessBuilder.start() blocks for milliseconds: on the callers' threads, so it does not hold up the reading.
        return new JdkProcessRunner(maxConcurrent, maxQueued, true);
    }

    @Override
    public CompletionStage<ProcessResult> run(ProcessRequest request) {
        return runner.run(request);
    }

    /**
     * @return counters: started, running, queued, completed (time-outs included), timedOut, killed (by
     *         cancellation or shutdown), rejected, failedToStart, and mechanism ({@code native} or {@code jdk})
     */
    public Map<String, Object> status() {
        return runner.status();
    }

    /** Kills every running program's group, fails queued requests, stops the I/O thread. */
    @Deactivate
    public void deactivate() {
        runner.close();
    }
}
