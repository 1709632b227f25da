package org.rocmon.run.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Rocmon node running as its own operating-system process from the exported {@code rocmon.jar}, on its own
 * loopback port and data folder. It can be stopped (SIGTERM: the framework shuts down and the sensors save their
 * state), killed (SIGKILL) and started again on the same port and data folder, as an operator would.
 */
final class NodeProcess implements AutoCloseable {

    // Generous: several JVMs booting at once on a small, busy build machine took up to 90 s.
    private static final long READY_TIMEOUT_MS = 120_000;
    private static final long STOP_TIMEOUT_MS = 15_000;

    final String name;
    final int port;
    /** Working directory; holds {@code data/} (the node's {@code rocmon.data}), the framework cache and node.log. */
    final Path dir;
    final Path data;
    final Node node;
    private final Path jar;
    private volatile Process process;

    /**
     * The admin password passed with -D, or null to let the node generate its own (as ./rocmon does); the node
     * token likewise: {@link RocmonOptions#NODE_TOKEN} with a given password, generated without.
     */
    private final String adminPassword;

    NodeProcess(String name, Path jar, Path dir, int port) {
        this(name, jar, dir, port, RocmonOptions.ADMIN_PASSWORD);
    }

    NodeProcess(String name, Path jar, Path dir, int port, String adminPassword) {
        this.name = name;
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.data = dir.resolve("data");
        this.adminPassword = adminPassword;
        this.node = new Node(port, data, adminPassword, adminPassword == null ? null : RocmonOptions.NODE_TOKEN);
    }

    /**
     * Writes a ConfigAdmin configuration into the node's FileInstall folder ({@code data/deploy/<pid>.cfg}), which
     * the runtime picks up at start; call it before {@link #start()}.
     */
    NodeProcess config(String pid, java.util.Map<String, ?> properties) {
        StringBuilder b = new StringBuilder();
        properties.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(data.resolve("deploy"));
            Files.writeString(data.resolve("deploy").resolve(pid + ".cfg"), b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Launches the process (appending to {@code node.log}) and waits until its REST endpoints answer. */
    NodeProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(data.resolve("deploy"));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Small heaps and the serial collector: several nodes share this machine's two cores with the build.
            cmd.add("-Xmx256m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Dgosh.args=--nointeractive");
            cmd.add("-D" + RocmonOptions.HTTP_PORT + "=" + port);
            cmd.add("-Dorg.apache.felix.http.host=127.0.0.1");
            cmd.add("-D" + RocmonOptions.DATA + "=" + data);
            // The test's own files (MultiNode.files, where the sensors' Log files go) are an operator-allowed folder.
            cmd.add("-D" + RocmonOptions.FILE_FOLDERS + "=" + dir.getParent().resolve("files"));
            if (adminPassword != null) {
                cmd.add("-D" + RocmonOptions.ADMIN_PASSWORD_PROPERTY + "=" + adminPassword);
                cmd.add("-D" + RocmonOptions.NODE_TOKEN_PROPERTY + "=" + RocmonOptions.NODE_TOKEN);
            }
            cmd.add("-Dfelix.fileinstall.dir=" + data.resolve("deploy"));
            cmd.add("-Dorg.osgi.framework.storage=" + dir.resolve("felix-cache"));
            cmd.add("-jar");
            cmd.add(jar.toString());
            Path log = dir.resolve("node.log");
            Files.writeString(log, "==== start " + name + " on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
        try {
            Node.await(name + " answers on port " + port, READY_TIMEOUT_MS, () -> {
                if (!alive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ": " + logTail());
                }
                return node.get("/sensor/").code == 200 && node.get("/resource/").code == 200;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- " + name + " node.log ---\n" + logTail(), e);
        }
        return this;
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGTERM and wait: the launcher stops the framework, so components deactivate and save what they keep. */
    void stop() {
        end(false);
    }

    /** SIGKILL: the node vanishes without a word, as on a power cut. */
    void kill() {
        end(true);
    }

    private void end(boolean force) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** @return the last lines of the node's output, for failure messages */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("node.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no node.log: " + e + ")";
        }
    }

    /** @return the process id, or -1 when not running */
    long pid() {
        Process p = process;
        return p == null || !p.isAlive() ? -1 : p.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
