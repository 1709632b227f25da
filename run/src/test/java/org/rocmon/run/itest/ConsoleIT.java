package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Issue 4, operator tools: the Rocmon page of the Felix Web Console shows sensors and collectors with their state
 * (running, suspended), counters and last values, over plain HTTP and in a real headless Chromium. It logs in with the
 * node's own admin (org.rocmon.security.console): admin/admin and users without the admin role are refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT {

    private static final String CHROMIUM = "/usr/bin/chromium";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void consolePageShowsSensorsCollectorsStatesAndValues() throws Exception {
        Node node = new Node(context).awaitReady();
        Path dir = Files.createTempDirectory(node.data, "console-");
        Path log = dir.resolve("s01.log");
        assertEquals(201, node.post("/sensor/s01/", MixinTests.ewmaSensor("s01", log, "c01", null)).code);
        // A negative timebase suspends a sensor.
        String suspended = Node.logSensor("s02", "x", dir.resolve("s02.log"), "c02")
                .replace("\"occi.sensor.period\":1", "\"occi.sensor.period\":1,\"occi.sensor.timebase\":-1");
        assertEquals(201, node.post("/sensor/s02/", suspended).code);
        assertEquals(201, node.post("/resource/g01/collector/c01", Node.listing2("c01", 0.2, "s01", "g01")).code);
        Node.await("values reach s01's log", 15_000, () -> Node.logLines(log).size() >= 2);

        String url = node.base + "/system/console/rocmon";
        // the console logs in with the node's own admin (org.rocmon.security.console), not admin/admin
        String admin = "admin:" + node.adminPassword();
        Node.await("the console page lists s01 with a value from c01", 30_000, () -> {
            String[] r = get(url, admin);
            return r[0].equals("200") && r[1].contains("from c01") && r[1].contains(">connected<");
        });
        String html = get(url, admin)[1];
        assertTrue(html, html.contains("<title>"));
        assertTrue(html, html.contains("<tr data-sensor=\"s01\"><td>s01</td><td><span class=\"rocmon-state "
                + "rocmon-running\">running</span>"));
        assertTrue(html, html.contains("<tr data-sensor=\"s02\"><td>s02</td><td><span class=\"rocmon-state "
                + "rocmon-suspended\">suspended</span>"));
        assertTrue(html, html.contains("<td>EWMA@1.0.0, Log@1.0.0</td>"));
        assertTrue(html, html.contains("<tr data-collector=\"g01/c01\"><td>g01</td><td>c01</td><td><span "
                + "class=\"rocmon-state rocmon-running\">running</span></td><td>s01</td><td><span class=\"rocmon-state "
                + "rocmon-connected\">connected</span></td>"));
        assertTrue(html, html.contains("<td>" + MixinTests.EWMA + "</td><td>aggregator</td><td>1.0.0</td>"));
        assertEquals("401", get(url, null)[0]);
        assertEquals("401", get(url, "admin:wrong")[0]);
        assertEquals("the built-in default is gone", "401", get(url, "admin:admin")[0]);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"viewer\",\"password\":\"viewer-password\"}").code);
        assertEquals("a user without the admin role", "401", get(url, "viewer:viewer-password")[0]);

        browser(url, dir, admin);
    }

    /** The same page in a real browser: the DOM it builds holds the sensor row. */
    private void browser(String url, Path dir, String credentials) throws Exception {
        boolean present = Files.isExecutable(Path.of(CHROMIUM));
        Assume.assumeTrue("no " + CHROMIUM + " (and CI unset)", present || System.getenv("CI") != null);
        Path profile = Files.createTempDirectory(dir, "chromium-");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--dump-dom",
                url.replace("http://", "http://" + credentials + "@")));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        String dom;
        try (InputStream in = p.getInputStream()) {
            dom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue("chromium ends", p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(dom + Files.readString(dir.resolve("chromium.err")), dom.contains("data-sensor=\"s01\""));
        assertTrue(dom, dom.contains("rocmon-suspended"));
        assertTrue(dom, dom.contains("data-collector=\"g01/c01\""));

        // A screenshot for people: run/target/console-rocmon.png.
        Path png = Path.of("target", "console-rocmon.png").toAbsolutePath();
        Files.deleteIfExists(png);
        List<String> shot = new ArrayList<>(cmd);
        shot.remove("--dump-dom");
        shot.addAll(shot.size() - 1, List.of("--screenshot=" + png, "--window-size=1200,900",
                "--hide-scrollbars"));
        Process s = new ProcessBuilder(shot).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium-shot.log").toFile()).start();
        assertTrue("chromium ends", s.waitFor(60, TimeUnit.SECONDS));
        assertTrue(png + " is written", Files.isRegularFile(png) && Files.size(png) > 1000);
    }

    /** @return status and body */
    private static String[] get(String url, String credentials) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(15_000);
            c.setRequestProperty("Connection", "close");
            if (credentials != null) {
                c.setRequestProperty("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (in != null) {
                try (in) {
                    in.transferTo(out);
                }
            }
            c.disconnect();
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8)};
        } catch (IOException e) {
            return new String[] {"-1", e.toString()};
        }
    }
}
