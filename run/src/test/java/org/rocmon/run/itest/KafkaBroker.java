package org.rocmon.run.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (one node, broker and controller at once) in its own JVM, from the
 * class path the build wrote ({@code run/fixtures/kafka-broker}: {@code kafka_2.13} and what it needs, from Maven
 * Central). It listens on 127.0.0.1 on free ports, keeps its log in its own folder (formatted once with a fresh
 * cluster id, as {@code kafka-storage.sh format} does) and can be stopped and started again on the same ports and
 * data, as an operator restarts a broker.
 */
final class KafkaBroker implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 90_000;

    final int port;
    private final int controllerPort;
    private final Path dir;
    private final Path properties;
    private final String classpath;
    private volatile Process process;
    /** Milliseconds the last start took until the broker's port accepted connections. */
    long lastStartMillis;

    KafkaBroker(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
            Path cpFile = Path.of(System.getProperty("rocmon.kafka.classpath",
                    "fixtures/kafka-broker/target/broker.classpath"));
            if (!Files.isRegularFile(cpFile)) {
                throw new IllegalStateException(cpFile + " is missing: run/fixtures/kafka-broker writes it");
            }
            classpath = Files.readString(cpFile, StandardCharsets.UTF_8).trim();
            port = freePort();
            controllerPort = freePort();
            properties = dir.resolve("server.properties");
            Files.writeString(properties, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=1",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    ""), StandardCharsets.UTF_8);
            run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    properties.toString()), 60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private List<String> java(List<String> mainAndArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heap, serial collector, C1 only: the broker shares a small machine with the build and the node.
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(mainAndArgs);
        return cmd;
    }

    private void run(List<String> mainAndArgs, long timeoutSeconds) throws IOException {
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(java(mainAndArgs)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(mainAndArgs + " failed: " + logTail());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Starts the broker and waits until its client port accepts connections. */
    KafkaBroker start() {
        long t0 = System.nanoTime();
        try {
            Path log = dir.resolve("broker.log");
            Files.writeString(log, "==== start broker on port " + port + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(java(List.of("kafka.Kafka", properties.toString())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
        Node.await("the Kafka broker listens on " + bootstrap(), START_TIMEOUT_MS, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the Kafka broker exited with " + process.exitValue() + ": " + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        lastStartMillis = (System.nanoTime() - t0) / 1_000_000;
        return this;
    }

    /** Stops the broker (SIGTERM: a controlled shutdown) and waits until it is gone. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker.log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
