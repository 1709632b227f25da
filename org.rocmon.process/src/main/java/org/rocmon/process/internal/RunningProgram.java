package org.rocmon.process.internal;

import org.rocmon.api.mixin.ProcessResult;

/**
 * What both runners keep of a started program: its request, start times, output, deadline and how it ended. Its
 * mutable state belongs to the runner's I/O thread once published.
 *
 * @param <P> the runner's own subclass, so its jobs carry it
 */
abstract class RunningProgram<P> {

    final Job<P> job;
    final long startNanos;
    final long startMillis;
    final OutputBuffer output;
    long deadline;
    boolean killed;
    boolean timedOut;
    long killNanos;
    private boolean delivered;

    RunningProgram(Job<P> job, long startNanos, long startMillis) {
        this.job = job;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
        this.output = new OutputBuffer(job.request.maxOutputBytes());
        this.deadline = startNanos + BoundedRunner.timeoutNanos(job);
    }

    /** Marks the program timed out at {@code now}; the caller kills it. */
    void expired(long now) {
        timedOut = true;
        killNanos = now;
    }

    boolean delivered() {
        return delivered;
    }

    /** Another outcome (a shutdown failure) went to the caller: no result follows. */
    void markDelivered() {
        delivered = true;
    }

    /**
     * @param now when it ended (ignored when timed out: the kill is the end)
     * @param exitCode its exit status (ignored when timed out)
     * @return the result, once; null when it was already delivered
     */
    ProcessResult takeResult(long now, int exitCode) {
        if (delivered) {
            return null;
        }
        delivered = true;
        long end = timedOut ? killNanos : now;
        return new ProcessResult(timedOut ? -1 : exitCode, timedOut, output.text(), output.discarded(), startMillis,
                end - startNanos);
    }
}
