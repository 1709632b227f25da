package org.rocmon.api.mixin;

/**
 * What one program run gave ({@link ProcessRunner}).
 *
 * @param exitCode the exit status; {@code 128 + n} when killed by signal {@code n}; {@code -1} when timed out
 * @param timedOut whether the timeout passed and the program's process group was killed
 * @param output standard output and error as written (decoded as UTF-8), at most the request's limit
 * @param discardedBytes output read beyond the limit and thrown away
 * @param startedMillis wall-clock time (epoch milliseconds) at which the program was started
 * @param durationNanos from start to exit (or to the kill)
 */
public record ProcessResult(int exitCode, boolean timedOut, String output, long discardedBytes, long startedMillis,
        long durationNanos) {
}
