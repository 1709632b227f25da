package org.rocmon.mixins.metric.nagios.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * A real Debian nrpe, started by the test in the foreground (-f) on 127.0.0.1 and a free port with its own
 * configuration, pid file and (optionally) certificate, and killed by {@link #close()}.
 */
final class NrpeServer implements AutoCloseable {

    static final Path NRPE = Paths.get("/usr/sbin/nrpe");

    final int port;
    private final Process process;
    final Path log;

    private NrpeServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Skips without nrpe, except under CI, which installs nagios-nrpe-server. */
    static void assumeInstalled() {
        NagiosFixtures.assumeRealPlugins();
        boolean present = Files.isExecutable(NRPE);
        if (!present && System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
            throw new AssertionError("CI is set but " + NRPE + " is missing: install nagios-nrpe-server");
        }
        Assume.assumeTrue("nrpe is not installed", present);
    }

    /**
     * @param folder where configuration, pid file and log go
     * @param ssl false starts it with -n
     * @param arguments whether it accepts command arguments (dont_blame_nrpe)
     * @param certificate PEM certificate and key, or null for anonymous DH only
     */
    static NrpeServer start(Path folder, boolean ssl, boolean arguments, Path[] certificate) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String plugins = NagiosFixtures.REAL_PLUGINS.toString();
        StringBuilder cfg = new StringBuilder()
                .append("log_facility=daemon\ndebug=0\n")
                .append("pid_file=").append(folder.resolve("nrpe.pid")).append('\n')
                .append("server_address=127.0.0.1\nserver_port=").append(port).append('\n')
                .append("nrpe_user=nobody\nnrpe_group=nogroup\nallowed_hosts=127.0.0.1\n")
                .append("dont_blame_nrpe=").append(arguments ? 1 : 0).append('\n')
                .append("command_timeout=20\nconnection_timeout=30\n")
                .append("command[check_dummy_ok]=").append(plugins).append("/check_dummy 0 \"nrpe ok\"\n")
                .append("command[check_multi]=printf 'MULTI WARNING - two | a=1;2;3\\nline two\\n")
                .append("line three | b=2s;1;5\\n'; exit 1\n")
                .append("command[check_big]=head -c 5000 /dev/zero | tr '\\0' 'z'; exit 2\n")
                .append("command[check_args]=").append(plugins).append("/check_dummy $ARG1$ \"$ARG2$\"\n");
        if (certificate != null) {
            cfg.append("ssl_cert_file=").append(certificate[0]).append("\nssl_privatekey_file=")
                    .append(certificate[1]).append('\n');
        }
        Path config = folder.resolve("nrpe.cfg");
        Files.writeString(config, cfg.toString(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(NRPE.toString(), "-c", config.toString(), "-f"));
        if (!ssl) {
            command.add("-n");
        }
        Path log = folder.resolve("nrpe.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NrpeServer server = new NrpeServer(port, process, log);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError("nrpe exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new AssertionError("nrpe did not listen on " + port + ": " + Files.readString(log));
    }

    /** A self-signed certificate and key made with the openssl command. */
    static Path[] certificate(Path folder) throws Exception {
        Path cert = folder.resolve("nrpe.crt");
        Path key = folder.resolve("nrpe.key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("openssl failed: " + Files.readString(folder.resolve("openssl.log")));
        }
        return new Path[] {cert, key};
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
