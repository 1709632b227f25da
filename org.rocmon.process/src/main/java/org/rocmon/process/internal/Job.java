package org.rocmon.process.internal;

import java.util.concurrent.CompletableFuture;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;

/** One request from {@code run} to its result; {@code P} is the runner's handle of the started program. */
final class Job<P> {

    final ProcessRequest request;
    final CompletableFuture<ProcessResult> future = new CompletableFuture<>();
    /** Set once the program started, before the handle is published to the I/O thread. */
    volatile P process;
    /** Set by the runner just before it completes the future, so its own completion is not taken for a cancel. */
    private volatile boolean settled;

    Job(ProcessRequest request) {
        this.request = request;
    }

    /** @return whether someone other than the runner completed the future (cancel, complete, orTimeout...) */
    boolean abandoned() {
        return future.isDone() && !settled;
    }

    void succeed(ProcessResult result) {
        settled = true;
        future.complete(result);
    }

    void fail(Throwable failure) {
        settled = true;
        future.completeExceptionally(failure);
    }

    /** @return whether the runner completed the future (rather than a caller) */
    boolean settled() {
        return settled;
    }
}
