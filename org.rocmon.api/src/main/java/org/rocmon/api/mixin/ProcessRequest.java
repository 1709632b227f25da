package org.rocmon.api.mixin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable description of one program run for {@link ProcessRunner}. Built with {@link #of(List)} and the
 * {@code with...} methods, each of which returns a copy.
 */
public final class ProcessRequest {

    /** Output kept by default: 64 KiB. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
    /** Timeout by default: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final int maxOutputBytes;

    private ProcessRequest(List<String> command, Path directory, Map<String, String> environment, Duration timeout,
            int maxOutputBytes) {
        this.command = command;
        this.directory = directory;
        this.environment = environment;
        this.timeout = timeout;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * @param command the program's absolute path, then its arguments; none may contain a NUL character
     * @return a request with no working directory (the node's), no extra environment, the default timeout and
     *         output limit
     * @throws IllegalArgumentException when the command is empty, the path not absolute or a word holds a NUL
     */
    public static ProcessRequest of(List<String> command) {
        List<String> copy = List.copyOf(command);
        if (copy.isEmpty() || !Path.of(copy.get(0)).isAbsolute()) {
            throw new IllegalArgumentException("the command must start with the program's absolute path");
        }
        for (String word : copy) {
            if (word.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a command word holds a NUL character");
            }
        }
        return new ProcessRequest(copy, null, Map.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES);
    }

    /**
     * @param folder working directory of the program, or null for the node's
     * @return a copy with that directory
     */
    public ProcessRequest withDirectory(Path folder) {
        return new ProcessRequest(command, folder, environment, timeout, maxOutputBytes);
    }

    /**
     * @param variables set (or override) in the program's environment, on top of the node's
     * @return a copy with those variables
     */
    public ProcessRequest withEnvironment(Map<String, String> variables) {
        return new ProcessRequest(command, directory, Map.copyOf(variables), timeout, maxOutputBytes);
    }

    /**
     * @param limit how long the program may run, counted from its start, before its process group is killed
     * @return a copy with that timeout
     * @throws IllegalArgumentException when not positive
     */
    public ProcessRequest withTimeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        return new ProcessRequest(command, directory, environment, limit, maxOutputBytes);
    }

    /**
     * @param bytes output kept; more is read and discarded so the program can still finish
     * @return a copy with that limit
     * @throws IllegalArgumentException when negative
     */
    public ProcessRequest withMaxOutputBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the output limit must not be negative");
        }
        return new ProcessRequest(command, directory, environment, timeout, bytes);
    }

    /** @return the program's absolute path, then its arguments */
    public List<String> command() {
        return command;
    }

    /** @return the working directory, or null for the node's */
    public Path directory() {
        return directory;
    }

    /** @return variables added to the node's environment */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return how long the program may run */
    public Duration timeout() {
        return timeout;
    }

    /** @return bytes of output kept */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    @Override
    public String toString() {
        return "ProcessRequest" + command + (directory == null ? "" : " in " + directory) + " timeout " + timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessRequest r && command.equals(r.command) && Objects.equals(directory, r.directory)
                && environment.equals(r.environment) && timeout.equals(r.timeout)
                && maxOutputBytes == r.maxOutputBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, directory, environment, timeout, maxOutputBytes);
    }
}
