package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/**
 * The slides' minimal deployment comes up in one command: {@code run/deployment.sh} (as a reader runs it, only with
 * free ports, its own data folder and the jar this build made) starts a front end and two nodes sharing one CA and
 * node token, deploys g01 --c01--> s01 through OCCI, and the dashboard's topology shows all of it running while
 * s01's values reach the UDP listener.
 */
public class DeploymentRecipeIT {

    private final MultiNode nodes = new MultiNode("deployment");
    private Process recipe;

    @After
    public void stop() throws InterruptedException {
        if (recipe != null) {
            List<ProcessHandle> started = recipe.descendants().toList();
            recipe.destroy(); // SIGTERM: the script's trap stops what it started
            if (!recipe.waitFor(30, TimeUnit.SECONDS)) {
                recipe.destroyForcibly();
            }
            started.forEach(ProcessHandle::destroyForcibly);
        }
        nodes.close();
    }

    /** @return a port p such that p..p+3 are free on the loopback */
    private static int fourFreePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = MultiNode.freePort();
            if (p <= 65532 && free(p + 1) && free(p + 2) && free(p + 3)) {
                return p;
            }
        }
        throw new AssertionError("no four consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    public void oneCommandBringsUpTheSlidesDeploymentAndTheDashboardShowsIt() throws Exception {
        Path root = Path.of(System.getProperty("rocmon.root", "..")).toAbsolutePath().normalize();
        Path data = nodes.files("recipe");
        Path output = data.resolve("deployment.out");
        int base = fourFreePorts();
        recipe = new ProcessBuilder("bash", root.resolve("run/deployment.sh").toString(), "--no-build",
                "--base-port", String.valueOf(base), "--data", data.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Node.await("the recipe says it is ready", 240_000, () -> read(output).contains("[deployment] ready")
                || !recipe.isAlive());
        assertTrue("the recipe is still running once ready:\n" + read(output), recipe.isAlive());

        Node front = new Node(base, data.resolve("frontend"), null, data.resolve("ca/ca.crt"), null);
        Map<String, String> states = new HashMap<>();
        Node.await("the dashboard shows the nodes, g01, s01 and c01 running", 120_000, () -> {
            Node.Response topology = front.get("/dashboard/api/topology");
            if (topology.code != 200) {
                return false;
            }
            states.clear();
            Map<String, Object> graph = Json.object(topology.body);
            for (String part : List.of("vertices", "edges")) {
                for (Object element : (List<?>) graph.get(part)) {
                    Map<?, ?> e = (Map<?, ?>) element;
                    states.put(String.valueOf(e.get("id")), String.valueOf(e.get("state")));
                }
            }
            return List.of("node:local", "node:compute", "node:sensors", "resource:g01", "sensor:s01").stream()
                    .allMatch(id -> "running".equals(states.get(id)))
                    && states.entrySet().stream().anyMatch(e -> e.getKey().endsWith("c01")
                            && "running".equals(e.getValue()));
        });
        assertEquals("running", states.get("sensor:s01"));

        Node.Response c01 = front.get("/occi/collector/c01");
        assertEquals(c01.body, 200, c01.code);
        assertTrue(c01.body, c01.body.contains("\"deployed\""));
        // the sensor node runs s01, the compute node runs g01's collector, each given by the front end
        Node sensors = new Node(base + 2, data.resolve("sensors"), null, data.resolve("ca/ca.crt"), front.nodeToken());
        assertEquals(200, sensors.get("/sensor/s01/").code);
        Node.await("s01's EWMA reaches the UDP listener", 60_000,
                () -> read(output).contains("\"sensor\":\"s01\",\"channel\":\"c\""));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
