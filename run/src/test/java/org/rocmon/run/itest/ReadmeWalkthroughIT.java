package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A newcomer's five minutes: the README's walk-through runs as written, in order, against a real node process.
 * The shell blocks of "Five minutes with curl" and of its OCCI section are taken from README.md itself, so the
 * README cannot drift from what works. Only what cannot run unattended is changed: the port, the node's data folder ({@code run/data/}, where the node generated the admin
 * password the OCCI commands log in with and the CA every {@code curl --cacert} trusts, is the test node's), and the two commands that never end ({@code tail -f}, the UDP listener), which
 * run for two seconds. Every {@code curl} must get a 2xx or 3xx ({@code --fail-with-body}).
 */
public class ReadmeWalkthroughIT {

    private static MultiNode nodes;
    private static NodeProcess node;

    @BeforeClass
    public static void startNode() {
        nodes = new MultiNode("readme");
        // as ./rocmon: no admin password given, the node generates one into its data folder
        // and its own CA under its data folder, which the README's curl commands trust with --cacert
        node = nodes.createWithOwnCa("readme", null).start();
    }

    @AfterClass
    public static void stopNode() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** @return the fenced {@code sh} blocks between the heading and the next heading of its level or above */
    static List<String> shellBlocks(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertTrue("README.md has the section '" + heading + "'", start >= 0);
        // the section ends at the next heading of its level or a higher one (## or more: "# " starts the shell
        // comments of the blocks)
        int level = heading.indexOf(' ');
        int end = markdown.length();
        for (int k = 2; k <= level; k++) {
            int next = markdown.indexOf("\n" + "#".repeat(k) + " ", start + heading.length() + 1);
            if (next >= 0 && next < end) {
                end = next;
            }
        }
        String section = markdown.substring(start, end);
        List<String> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = section.indexOf("```sh\n", from);
            if (open < 0) {
                return blocks;
            }
            int close = section.indexOf("\n```", open + 6);
            blocks.add(section.substring(open + 6, close + 1));
            from = close + 4;
        }
    }

    private static String script(Path root, Path files) throws IOException {
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>(shellBlocks(readme, "## Five minutes with curl"));
        blocks.addAll(shellBlocks(readme, "### The same through the OCCI 1.2 front end"));
        assertFalse("the walk-through has shell blocks", blocks.isEmpty());
        StringBuilder s = new StringBuilder()
                .append("set -euo pipefail\n")
                .append("curl() { command curl --fail-with-body --max-time 30 \"$@\"; }\n");
        for (String block : blocks) {
            s.append(block
                    .replace("https://127.0.0.1:8080", "https://127.0.0.1:" + node.port)
                    .replace("run/data/", node.data + "/")
                    .replace("tail -f ", "timeout 2 tail -f ")
                    .replace("java run/demo/UdpListen.java", "timeout 2 java run/demo/UdpListen.java"))
                    .append('\n');
        }
        // the long-running commands end by timeout (124): that is how a reader stops them too
        String log = node.data.resolve("s01.log").toString();
        return s.toString().replace("timeout 2 tail -f " + log + "\n", "timeout 2 tail -f " + log + " || [ $? = 124 ]\n")
                .replace("timeout 2 java run/demo/UdpListen.java 8888\n",
                        "timeout 2 java run/demo/UdpListen.java 8888 || [ $? = 124 ]\n");
    }

    @Test
    public void everyCommandRunsAsWritten() throws Exception {
        Path root = Path.of(System.getProperty("rocmon.root", "..")).toAbsolutePath().normalize();
        Path files = nodes.files("readme");
        String script = script(root, files);
        Path scriptFile = files.resolve("walkthrough.sh");
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        Path output = files.resolve("walkthrough.out");
        Process bash = new ProcessBuilder("bash", "-x", scriptFile.toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = bash.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            bash.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue("the walk-through ends within 3 minutes:\n" + out, ended);
        assertEquals("every command of the walk-through succeeds (script " + scriptFile + "):\n" + out, 0,
                bash.exitValue());
        // Log's relative file name lands in the node's data folder (the node confines it there)
        Path log = node.data.resolve("s01.log");
        assertTrue("the Log file of step 1 got lines:\n" + out, Files.exists(log)
                && !Files.readString(log, StandardCharsets.UTF_8).isBlank());
        assertTrue("the OCCI collector was deployed:\n" + out,
                Pattern.compile("\"rocmon.state\"\\s*:\\s*\"deployed\"|rocmon.state=\"deployed\"").matcher(out).find());
    }
}
