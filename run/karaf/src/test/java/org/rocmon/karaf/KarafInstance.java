package org.rocmon.karaf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of the unpacked Karaf distribution, bound to loopback on free ports, started as a child process
 * and driven through {@code bin/client}. Each instance copies the pristine tree, so no state leaks between runs.
 */
final class KarafInstance implements AutoCloseable {

    final Path home;
    final int httpPort;
    private final int sshPort;
    private Process process;

    KarafInstance(Path dist, Path work, Path bundles, Path m2) throws IOException {
        deleteEarlierRuns(work);
        home = work.resolve("karaf-" + System.currentTimeMillis());
        copyTree(dist, home);
        httpPort = freePort();
        sshPort = freePort();
        configure(bundles, m2);
    }

    private void configure(Path bundles, Path m2) throws IOException {
        Path etc = home.resolve("etc");
        // Framework properties: Rocmon and Felix HTTP both read the port, so it is set once, here.
        append(etc.resolve("custom.properties"),
                "org.osgi.service.http.port = " + httpPort,
                "org.apache.felix.http.host = 127.0.0.1",
                "org.apache.felix.jetty.websocket.enable = true",
                "rocmon.data = " + home.resolve("rocmon-data"));
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "(?m)^sshPort\\s*=.*$", "sshPort = " + sshPort);
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "(?m)^sshHost\\s*=.*$", "sshHost = 127.0.0.1");
        Path mgmt = etc.resolve("org.apache.karaf.management.cfg");
        replace(mgmt, "(?m)^rmiRegistryPort\\s*=.*$", "rmiRegistryPort = " + freePort());
        replace(mgmt, "(?m)^rmiServerPort\\s*=.*$", "rmiServerPort = " + freePort());
        replace(mgmt, "(?m)^rmiRegistryHost\\s*=.*$", "rmiRegistryHost = 127.0.0.1");
        replace(mgmt, "(?m)^rmiServerHost\\s*=.*$", "rmiServerHost = 127.0.0.1");
        // bin/client logs in over SSH as karaf/karaf, which the distribution ships commented out.
        replace(etc.resolve("users.properties"), "(?m)^#\\s*karaf\\s*=", "karaf =");
        replace(etc.resolve("users.properties"), "(?m)^#\\s*_g_\\\\:admingroup\\s*=", "_g_\\\\:admingroup =");
        // Bundles come from the build's target/repository (this build's Rocmon bundles, checked first), Karaf's
        // system/ folder, then the build's local repository, which holds what Karaf's scr feature needs beyond
        // system/ (the verify goal fetched it). No remote repository: the test never touches the network.
        Path pax = etc.resolve("org.ops4j.pax.url.mvn.cfg");
        replace(pax, "(?m)^(\\s*\\$\\{karaf\\.base\\.uri\\}\\$\\{karaf\\.default\\.repository\\}@id=child\\.system\\.repository@snapshots)\\s*$",
                "$1, \\\\\n    " + bundles.toUri() + "@id=rocmon.repository@snapshots");
        replace(pax, "(?m)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories\\s*=\\s*\\\\\\s*$",
                "org.ops4j.pax.url.mvn.repositoriesDisabled = \\\\");
        append(pax,
                "org.ops4j.pax.url.mvn.localRepository = " + m2,
                "org.ops4j.pax.url.mvn.repositories = ");
    }

    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
    }

    /** Runs shell commands through bin/client in batch mode; returns its output, failing on a non-zero exit. */
    String client(String... commands) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-h", "127.0.0.1", "-a", String.valueOf(sshPort), "-u", "karaf", "-p", "karaf", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("bin/client timed out: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException("bin/client exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Retries a harmless command until the SSH console accepts logins (Karaf's first start takes ~20 s). */
    void awaitShell(long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        Exception last = null;
        while (System.currentTimeMillis() < end) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Karaf exited " + process.exitValue() + ": " + console());
            }
            try {
                client("bundle:list -t 0 | head -1");
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("Karaf shell not ready after " + timeoutMs + " ms; console: " + console(), last);
    }

    String console() {
        try {
            return Files.readString(home.resolve("console.out"));
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    String karafLog() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** bin/stop first; whatever still runs after 30 s (the script and its JVM) is killed. */
    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(home.resolve("stop.out").toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.start().waitFor(30, TimeUnit.SECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Each run leaves its Karaf (~90 MB) for diagnosis; only the latest is kept. */
    private static void deleteEarlierRuns(Path work) throws IOException {
        try (Stream<Path> runs = Files.list(work)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("karaf-")).toList()) {
                try (Stream<Path> tree = Files.walk(run)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n" + String.join("\n", lines) + "\n");
    }

    private static void replace(Path file, String regex, String replacement) throws IOException {
        String text = Files.readString(file);
        String changed = text.replaceAll(regex, replacement);
        if (changed.equals(text) && !text.contains(replacement.replace("\\\\", "\\"))) {
            throw new IllegalStateException("no match for " + regex + " in " + file);
        }
        Files.writeString(file, changed);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            List<Path> all = paths.toList();
            for (Path p : all) {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
