package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The request examples of docs/ run as written against real node processes: the sensor of sensor-api.md and the
 * collector of resource-api.md are POSTed and deliver, and the three declarations of operations.md ("Monitoring
 * as configuration"), dropped into a node's deploy folder, declare what they say. Taken from the Markdown
 * itself, so a doc that stops working fails here. Only the Log files move from /tmp to the test's folder.
 */
public class DocsExamplesIT {

    private static final Path DOCS = Path.of(System.getProperty("rocmon.root", "..")).toAbsolutePath().normalize()
            .resolve("docs");

    private static MultiNode nodes;
    private static Path files;

    @BeforeClass
    public static void createNodes() {
        nodes = new MultiNode("docs");
        files = nodes.files("docs");
    }

    @AfterClass
    public static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** @return the fenced blocks (without their fences) of the section under {@code heading} */
    static List<String> blocks(Path markdown, String heading) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(markdown + " has the section '" + heading + "'", start >= 0);
        int end = text.indexOf("\n## ", start + heading.length() + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = section.indexOf("\n```", from);
            if (open < 0) {
                return out;
            }
            int bodyStart = section.indexOf('\n', open + 1) + 1;
            int close = section.indexOf("\n```", bodyStart - 1);
            out.add(section.substring(bodyStart, close + 1));
            from = section.indexOf('\n', close + 1);
        }
    }

    private static String firstJson(List<String> blocks) {
        return blocks.stream().filter(b -> b.startsWith("{")).findFirst().orElseThrow();
    }

    /**
     * @param log where the example's Log publisher writes instead of s01.log in the node's data folder (the test's
     *        files folder, which test nodes allow as an operator would)
     */
    private static String sensorExample(Path log) throws IOException {
        String example = firstJson(blocks(DOCS.resolve("sensor-api.md"), "## Defining a sensor"));
        assertTrue(example, example.contains("\"s01.log\""));
        return example.replace("\"s01.log\"", Json.quote(log.toString()));
    }

    private static String collectorExample() throws IOException {
        return firstJson(blocks(DOCS.resolve("resource-api.md"), "## Attaching a collector: the paper's listing 2"));
    }

    @Test
    public void theNodeApiExamplesAreAcceptedAndDeliver() throws Exception {
        Node node = nodes.start("api").node;
        Path log = files.resolve("api-s01.log");
        Node.Response s = node.post("/sensor/s01/", sensorExample(log));
        assertEquals(s.toString(), 201, s.code);
        Node.Response c = node.post("/resource/g01/collector/c01", collectorExample());
        assertEquals(c.toString(), 201, c.code);
        Node.await("IsReachable's b reaches the Log file of the sensor example", 20_000,
                () -> Files.exists(log) && !read(log).isBlank());
    }

    @Test
    public void theDeclarationsOfOperationsMdDeclareWhatTheySay() throws Exception {
        NodeProcess process = nodes.create("config");
        Path deploy = process.data.resolve("deploy");
        Files.createDirectories(deploy);
        // the files the .cfg examples name (relative to ${rocmon.data}): the API docs' own examples
        Files.createDirectories(process.data.resolve("monitoring"));
        Path log = files.resolve("config-s01.log");
        Files.writeString(process.data.resolve("monitoring/s01.json"), sensorExample(log), StandardCharsets.UTF_8);
        Files.writeString(process.data.resolve("monitoring/c01.json"), collectorExample(), StandardCharsets.UTF_8);
        int declared = 0;
        for (String block : blocks(DOCS.resolve("operations.md"), "## Monitoring as configuration")) {
            String first = block.substring(0, block.indexOf('\n'));
            if (!first.startsWith("# ${rocmon.data}/deploy/")) {
                continue;
            }
            String name = first.substring("# ${rocmon.data}/deploy/".length()).trim();
            // s02 logs to s02.log in the node's data folder, as written
            Files.writeString(deploy.resolve(name), block.substring(block.indexOf('\n') + 1), StandardCharsets.UTF_8);
            declared++;
        }
        assertEquals("operations.md declares s01, c01 and s02", 3, declared);
        process.start();
        Node node = process.node;
        Node.await("the declared sensors and collector exist", 30_000, () -> node.get("/sensor/s01/").code == 200
                && node.get("/sensor/s02/").code == 200 && node.get("/resource/g01/").body.contains("\"c01\""));
        Node.await("the declared collector delivers to the declared sensor", 20_000,
                () -> Files.exists(log) && !read(log).isBlank());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
