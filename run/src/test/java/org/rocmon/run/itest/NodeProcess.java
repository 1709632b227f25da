package org.rocmon.run.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Rocmon node running as its own operating-system process from the exported {@code rocmon.jar}, on its own
 * loopback port and data folder. It can be stopped (SIGTERM: the framework shuts down and the sensors save their
 * state), killed (SIGKILL) and started again on the same port and data folder, as an operator would.
 */
final class NodeProcess implements AutoCloseable {

    // Generous: several JVMs booting at once on a small, busy build machine took up to 90 s, and over 120 s with TLS
    // (key generation, then Jetty starts only once every bundle is up) at a load average above 30.
    private static final long READY_TIMEOUT_MS = 180_000;
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
    /** The deployment's CA folder ({@code rocmon.tls.ca}), or null: the node keeps its own CA. */
    final Path caFolder;
    /** The framework property of the address the node binds (a loopback alias such as 127.0.0.2 in tests). */
    static final String HOST_PROPERTY = "org.apache.felix.http.host";
    /** The address the node binds and the test reaches it at: 127.0.0.1 unless {@link #HOST_PROPERTY} says. */
    final String host;
    /** Further framework properties passed with -D (e.g. the development switch {@code rocmon.tls=off}). */
    private final Map<String, String> properties;

    NodeProcess(String name, Path jar, Path dir, int port) {
        this(name, jar, dir, port, RocmonOptions.ADMIN_PASSWORD, null, Map.of());
    }

    /**
     * @param caFolder the deployment CA folder every node of a test shares ({@code -Drocmon.tls.ca}; the first node
     *        to start creates the CA there), or null for a node with its own CA under {@code data/security/tls}
     * @param properties more framework properties; {@code rocmon.tls=off} makes {@link #node} speak plain HTTP
     */
    NodeProcess(String name, Path jar, Path dir, int port, String adminPassword, Path caFolder,
            Map<String, String> properties) {
        this.name = name;
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.data = dir.resolve("data");
        this.adminPassword = adminPassword;
        this.caFolder = caFolder;
        this.properties = Map.copyOf(properties);
        boolean plain = "off".equalsIgnoreCase(properties.getOrDefault(Node.TLS_PROPERTY, "on").trim());
        this.host = properties.getOrDefault(HOST_PROPERTY, "127.0.0.1");
        this.node = new Node(host, port, data, adminPassword, plain ? null
                : (caFolder != null ? caFolder : data.resolve("security/tls")).resolve("ca.crt"),
                adminPassword == null ? null : RocmonOptions.NODE_TOKEN);
    }

    /** @return the node's URL of a path: {@code https://<host>:<port><path>} (http with TLS off) */
    String url(String path) {
        return node.url(path);
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
        launch();
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

    /** Launches the process (appending to {@code node.log}) without waiting for it to answer. */
    NodeProcess launch() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(data.resolve("deploy"));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("@" + Path.of("node.jvm.options").toAbsolutePath()); // the options every node starts with
            // Small heaps and the serial collector: several nodes share this machine's two cores with the build.
            cmd.add("-Xmx256m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Dgosh.args=--nointeractive");
            cmd.add("-D" + RocmonOptions.HTTP_PORT + "=" + port);
            cmd.add("-D" + HOST_PROPERTY + "=" + host);
            cmd.add("-D" + RocmonOptions.DATA + "=" + data);
            // The test's own files (MultiNode.files, where the sensors' Log files go) are an operator-allowed folder.
            cmd.add("-D" + RocmonOptions.FILE_FOLDERS + "=" + dir.getParent().resolve("files"));
            if (adminPassword != null) {
                cmd.add("-D" + RocmonOptions.ADMIN_PASSWORD_PROPERTY + "=" + adminPassword);
                cmd.add("-D" + RocmonOptions.NODE_TOKEN_PROPERTY + "=" + RocmonOptions.NODE_TOKEN);
            }
            if (caFolder != null) {
                cmd.add("-Drocmon.tls.ca=" + caFolder);
            }
            properties.forEach((k, v) -> {
                if (!k.equals(HOST_PROPERTY)) {
                    cmd.add("-D" + k + "=" + v);
                }
            });
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
        return this;
    }

    /** @return the whole of the node's output so far */
    String log() {
        try {
            return Files.readString(dir.resolve("node.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
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
