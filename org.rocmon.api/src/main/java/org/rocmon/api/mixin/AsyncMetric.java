package org.rocmon.api.mixin;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A metric whose measurement waits on something outside the JVM (a program started through
 * {@link ProcessRunner}, a network answer) without holding a runtime thread meanwhile. Registered like any
 * {@link Metric}; the runtime sees the sub-interface and calls {@link #measureAsync} instead of {@link #measure}.
 *
 * <p>Threading: {@code measureAsync} is called on a runtime thread and must return promptly. The mixin may write
 * to {@code out} from whichever thread completes the stage, up to the moment the stage completes; the runtime
 * makes no further call on the instance until then, so the no-concurrent-calls rule still holds. The stage
 * should complete within the mixin's own timeout. If it completes after the collector's round was sent, what was
 * written goes out late in a frame of its own (counted), not lost.
 */
@ConsumerType
public interface AsyncMetric extends Metric {

    /**
     * Starts one measurement.
     *
     * @param out where to write results, until the returned stage completes
     * @return completes when the measurement is done; exceptional completion is counted and logged like a throwing
     *         {@link #measure}
     * @throws Exception when the measurement cannot even start; counted and logged
     */
    CompletionStage<?> measureAsync(Output out) throws Exception;

    /** Blocking form for callers that want one: starts the measurement and waits for it. */
    @Override
    default void measure(Output out) throws Exception {
        try {
            measureAsync(out).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
