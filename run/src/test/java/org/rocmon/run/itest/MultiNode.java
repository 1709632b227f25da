package org.rocmon.run.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of Rocmon nodes, each its own process ({@link NodeProcess}) on a free loopback port with its own data
 * folder under {@code target/itest/multinode/}. Used from plain JUnit tests in the failsafe JVM (no Pax Exam):
 * the nodes are real runtimes started from {@code run/target/rocmon.jar}, exactly as an operator starts them.
 *
 * <p>The nodes of a group form one deployment over TLS: they share one CA folder ({@link #caFolder()},
 * {@code -Drocmon.tls.ca}), where the first node to start creates the CA; each node issues its own certificate from
 * it, so the nodes trust each other (HTTPS, WSS) and the test trusts them all through {@code <ca>/ca.crt}.
 *
 * <p>{@link #close()} stops every node (and a JVM shutdown hook kills whatever is left if the test JVM is torn down
 * first), so no process outlives its test.
 */
final class MultiNode implements AutoCloseable {

    private final Path root;
    private final Path jar;
    private final Path ca;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Thread reaper;

    /** @param testName names the folder of this group's nodes */
    MultiNode(String testName) {
        try {
            Path source = Path.of(System.getProperty("rocmon.runtime.jar", "target/rocmon.jar")).toAbsolutePath();
            if (!Files.isRegularFile(source)) {
                throw new IllegalStateException(source + " is missing: the package phase exports it first");
            }
            Path work = Path.of(System.getProperty("rocmon.itest.dir", "target/itest")).toAbsolutePath();
            Files.createDirectories(work.resolve("multinode"));
            root = Files.createTempDirectory(work.resolve("multinode"), testName + "-");
            // A private copy: a concurrent rebuild of run/target/rocmon.jar must not change a node under a test.
            jar = root.resolve("rocmon.jar");
            Files.copy(source, jar, StandardCopyOption.REPLACE_EXISTING);
            ca = root.resolve("ca");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reaper = new Thread(this::killAll, "multinode-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a node named {@code name} on a free port and waits until it answers. */
    NodeProcess start(String name) {
        NodeProcess n = create(name);
        n.start();
        return n;
    }

    /** Starts several nodes at once (their JVMs boot in parallel) and waits for all of them. */
    List<NodeProcess> startAll(String... names) {
        List<NodeProcess> created = new ArrayList<>();
        for (String name : names) {
            created.add(create(name));
        }
        startAll(created);
        return created;
    }

    /** Starts nodes made with {@link #create(String)} (e.g. after {@link NodeProcess#config}) in parallel. */
    void startAll(List<NodeProcess> created) {
        List<Thread> starters = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (NodeProcess n : created) {
            Thread t = new Thread(() -> {
                try {
                    n.start();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "start-" + n.name);
            starters.add(t);
            t.start();
        }
        for (Thread t : starters) {
            try {
                t.join(240_000); // more than NodeProcess.READY_TIMEOUT_MS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting nodes");
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a node did not start: " + failures.get(0).getMessage());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** @return a node on a free port with its folders, not started yet */
    synchronized NodeProcess create(String name) {
        return create(name, RocmonOptions.ADMIN_PASSWORD);
    }

    /**
     * @param adminPassword the admin password given to the node, or null to let it generate one into
     *        {@code data/security/admin.password} at first start, as {@code ./rocmon} does
     * @return a node on a free port with its folders, not started yet
     */
    synchronized NodeProcess create(String name, String adminPassword) {
        return create(name, adminPassword, java.util.Map.of());
    }

    /**
     * @param properties more framework properties of the node (e.g. {@code rocmon.tls=off})
     * @return a node of this deployment on a free port with its folders, not started yet
     */
    synchronized NodeProcess create(String name, String adminPassword, java.util.Map<String, String> properties) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            NodeProcess n = new NodeProcess(name, jar, dir, freePort(), adminPassword, ca, properties);
            nodes.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param properties more framework properties, made from the node's port (e.g. its advertised
     *        {@code rocmon.node.url}, which names the port)
     * @return a node of this deployment on a free port with its folders, not started yet
     */
    synchronized NodeProcess create(String name, java.util.function.IntFunction<java.util.Map<String, String>> properties) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            int port = freePort();
            NodeProcess n = new NodeProcess(name, jar, dir, port, RocmonOptions.ADMIN_PASSWORD, ca,
                    properties.apply(port));
            nodes.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return a node that keeps its own CA under {@code data/security/tls}, as {@code ./rocmon} runs one; it does
     *         not trust the other nodes of the group, nor they it
     */
    synchronized NodeProcess createWithOwnCa(String name, String adminPassword) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            NodeProcess n = new NodeProcess(name, jar, dir, freePort(), adminPassword, null, java.util.Map.of());
            nodes.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the deployment's CA folder ({@code ca.crt}, {@code ca.key}), made by the first node to start */
    Path caFolder() {
        return ca;
    }

    /** @return a folder for the test's own files (logs the sensors write) */
    Path files(String name) {
        try {
            return Files.createDirectories(root.resolve("files").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the framework caches (about 15 MB per node); data folders and logs stay for inspection. */
    private synchronized void cleanCaches() {
        for (NodeProcess n : nodes) {
            Path cache = n.dir.resolve("felix-cache");
            if (Files.isDirectory(cache)) {
                try (java.util.stream.Stream<Path> all = Files.walk(cache)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort: target/ is cleaned by the build anyway
                }
            }
        }
        try {
            Files.deleteIfExists(jar);
        } catch (IOException e) {
            // best effort
        }
    }

    private synchronized void killAll() {
        for (NodeProcess n : nodes) {
            n.kill();
        }
    }

    /** Stops every node, in parallel (each stop may take a few seconds). */
    @Override
    public void close() {
        List<Thread> stoppers = new ArrayList<>();
        synchronized (this) {
            for (NodeProcess n : nodes) {
                Thread t = new Thread(n::stop, "stop-" + n.name);
                stoppers.add(t);
                t.start();
            }
        }
        for (Thread t : stoppers) {
            try {
                t.join(40_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killAll();
        cleanCaches();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the reaper itself
        }
    }
}
