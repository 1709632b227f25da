package org.rocmon.api.mixin;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs external programs for mixins. Mixins must not start threads, and a blocked thread per running program
 * does not scale, so the host owns the programs it starts as it owns threads: it starts them, reads their output,
 * enforces their timeouts and reaps them. The collector runtime registers one as an OSGi service; a mixin takes it
 * with a mandatory {@code @Reference}.
 *
 * <p>Each program runs without a shell, with standard input at end of file, standard error merged into standard
 * output, none of the node's other file descriptors, the node's environment plus the request's, and in a process
 * group of its own, so that a timeout kills it together with every child it started (a child that leaves the group
 * on purpose escapes). The runner may cap how many programs run at once; further requests wait in a bounded
 * queue, and their timeout counts from when they start.
 *
 * <p>Thread-safe. The returned stage completes on a runtime thread; dependent actions must be quick or hop to
 * another executor.
 */
@ProviderType
public interface ProcessRunner {

    /**
     * Starts a program, or queues it, and returns at once.
     *
     * @param request what to run
     * @return completes with the result once the program exited (output it wrote is read up to the moment it
     *         exited, without waiting for end of file that a leftover grandchild could hold back) or was killed at
     *         its timeout; completes exceptionally with an {@link java.io.IOException} when the program cannot be
     *         started and with a {@link java.util.concurrent.RejectedExecutionException} when the queue is full or
     *         the runner is shutting down. Cancelling {@code toCompletableFuture()} of it kills the program's group.
     */
    CompletionStage<ProcessResult> run(ProcessRequest request);

    /**
     * @return counters an operator can read (programs started, running, queued, timed out, refused, the spawning
     *         mechanism, ...); shown by the node under {@code GET /resource/}. Empty by default.
     */
    default Map<String, Object> status() {
        return Map.of();
    }
}
