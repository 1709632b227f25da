package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The dashboard ({@code /dashboard/}, bundle org.rocmon.dashboard) against a real node: a deployment made through
 * the OCCI front end (a compute, a sensor with EWMA, Threshold and History, a collector with CPUPercent and Memory,
 * a second collector paused, a sensor on a registered node that is down) is drawn with the right states, by the
 * JSON endpoint and in headless Chromium's DOM; a live chart's last point is the value the sensor reports; the
 * history view draws recorded points; a collector cut off from its sensor turns red and its alarm is listed, then
 * cleared; another user sees only their own entities; no console errors. Screenshots of
 * each view (wide and phone-sized) land in {@code run/target/dashboard/} (copied to docs/dashboard/ by hand).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DashboardIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final String CPU = "http://example.com/occi/monitoring/metric#CPUPercent";
    private static final String MEMORY = "http://example.com/occi/monitoring/metric#Memory";
    private static final String ALICE = Node.basic("alice", "alice-password");

    @Inject
    BundleContext context;

    private Node node;
    private OcciHttp occi;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() {
        node = new Node(context).awaitReady();
        occi = new OcciHttp(node);
        Node.await("the front end and the dashboard are registered", 20_000,
                () -> node.get("/occi/-/").code == 200 && node.get("/dashboard/").code == 200);
    }

    private OcciHttp.Answer put(String authorization, String path, String json) {
        return occi.call("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8),
                "Authorization", authorization, "Accept", "application/json");
    }

    private String admin() {
        return Node.basic("admin", node.adminPassword());
    }

    /** The deployment every test looks at; idempotent (PUT). */
    private void deploy() {
        String a = admin();
        assertTrue(List.of(200, 201).contains(put(a, "/occi/compute/gd",
                "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\","
                        + "\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code));
        OcciHttp.Answer s = put(a, "/occi/sensor/sd", "{\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/aggregator#EWMA\","
                + "\"http://example.com/occi/monitoring/aggregator#Threshold\","
                + "\"http://example.com/occi/monitoring/publisher#History\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.EWMA.gain\":4,\"com.example.occi.monitoring.EWMA.instream\":\"a\","
                + "\"com.example.occi.monitoring.EWMA.outstream\":\"c\","
                + "\"com.example.occi.monitoring.Threshold.input\":\"b\","
                + "\"com.example.occi.monitoring.Threshold.output\":\"s\","
                + "\"com.example.occi.monitoring.Threshold.warning\":\"~:0.5\","
                + "\"com.example.occi.monitoring.History.input\":\"a\"}}");
        assertTrue(s.toString(), List.of(200, 201).contains(s.code));
        OcciHttp.Answer c = put(a, "/occi/collector/cd", "{\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"mixins\":[\"" + CPU + "\",\"" + MEMORY + "\"],"
                + "\"attributes\":{\"occi.collector.period\":1,\"com.example.occi.monitoring.CPUPercent.out\":\"a\","
                + "\"com.example.occi.monitoring.Memory.out\":\"b\"},\"source\":\"gd\",\"target\":\"sd\"}");
        assertTrue(c.toString(), List.of(200, 201).contains(c.code));
        // running, whatever a test before paused
        assertEquals(200, occi.call("POST", "/occi/collector/cd?action=resume", null, null, "Authorization", a).code);
    }

    private Map<String, String> states(String authorization) {
        OcciHttp.Answer t = occi.get("/dashboard/api/topology", "Authorization", authorization,
                "Accept", "application/json");
        assertEquals(t.toString(), 200, t.code);
        Map<String, String> states = new HashMap<>();
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\",\"type\":\"[a-z]+\",(?:\"label\":\"[^\"]*\",\"node\":\"[^\"]*\","
                + "|\"source\":\"[^\"]*\",\"target\":\"[^\"]*\",)\"state\":\"([a-z]+)\"").matcher(t.body);
        while (m.find()) {
            states.put(m.group(1), m.group(2));
        }
        return states;
    }

    @Test
    public void theDashboardNeedsALogin() {
        for (String path : new String[] {"/dashboard/", "/dashboard/api/topology", "/dashboard/lib/echarts.min.js"}) {
            OcciHttp.Answer anonymous = occi.get(path, "Authorization", "");
            assertEquals(anonymous.toString(), 401, anonymous.code);
            assertTrue(anonymous.header("WWW-Authenticate"), anonymous.header("WWW-Authenticate").startsWith("Basic"));
        }
        OcciHttp.Answer page = occi.get("/dashboard/", "Authorization", admin());
        assertEquals(200, page.code);
        assertTrue(page.header("Content-Type"), page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body, page.body.contains("lib/uPlot.iife.min.js") && page.body.contains("lib/echarts.min.js"));
        OcciHttp.Answer lib = occi.get("/dashboard/lib/uPlot.iife.min.js", "Authorization", admin());
        assertEquals(200, lib.code);
        assertTrue("uPlot from its WebJar", lib.body.contains("uPlot"));
        OcciHttp.Answer missing = occi.get("/dashboard/nosuch.js", "Authorization", admin());
        assertEquals(404, missing.code);
        assertTrue(missing.header("Content-Type").startsWith("application/problem+json"));
        OcciHttp.Answer bad = occi.get("/dashboard/api/live?ch=sd", "Authorization", admin());
        assertEquals(bad.toString(), 400, bad.code);
        assertTrue(bad.body, bad.body.contains("\"attribute\":\"ch\""));
    }

    @Test
    public void theTopologyShowsTheDeploymentWithItsStates() throws Exception {
        deploy();
        String a = admin();
        // a collector paused through OCCI, a node that is down and a sensor placed on it (failed)
        OcciHttp.Answer cp = put(a, "/occi/collector/cp", "{\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"mixins\":[\"" + MEMORY + "\"],\"attributes\":{\"occi.collector.period\":1,"
                + "\"com.example.occi.monitoring.Memory.out\":\"m\"},\"source\":\"gd\",\"target\":\"sd\"}");
        assertTrue(cp.toString(), List.of(200, 201).contains(cp.code));
        assertEquals(200, occi.call("POST", "/occi/collector/cp?action=pause", null, null, "Authorization", a).code);
        int downPort = RocmonOptionsPorts.free();
        OcciHttp.Answer ghost = put(a, "/occi/node/ghost", "{\"url\":\"http://127.0.0.1:" + downPort + "\"}");
        assertTrue(ghost.toString(), List.of(200, 201).contains(ghost.code));
        OcciHttp.Answer sf = put(a, "/occi/sensor/sf", "{\"kind\":\"" + Node.SENSOR_KIND + "\",\"attributes\":{"
                + "\"occi.sensor.period\":1,\"rocmon.node\":\"ghost\"}}");
        assertTrue(sf.toString(), List.of(200, 201).contains(sf.code));

        Node.await("the topology shows every state", 30_000, () -> {
            Map<String, String> s = states(a);
            return "running".equals(s.get("sensor:sd")) && "running".equals(s.get("collector:cd"))
                    && "paused".equals(s.get("collector:cp")) && "failed".equals(s.get("sensor:sf"))
                    && "disconnected".equals(s.get("node:ghost")) && "running".equals(s.get("resource:gd"))
                    && "running".equals(s.get("node:local"));
        });
        OcciHttp.Answer t = occi.get("/dashboard/api/topology", "Authorization", a);
        assertTrue("mixins with versions: " + t.body, t.body.contains(
                "{\"mixin\":\"http://example.com/occi/monitoring/aggregator#EWMA\",\"version\":\"1.0.0\""));
        assertTrue("a collector goes from its resource to its sensor: " + t.body,
                t.body.contains("\"id\":\"collector:cd\",\"type\":\"collector\",\"source\":\"resource:gd\","
                        + "\"target\":\"sensor:sd\""));

        // another user sees only her own sensor
        assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        assertEquals(201, put(ALICE, "/occi/sensor/sa", "{\"kind\":\"" + Node.SENSOR_KIND + "\",\"attributes\":{"
                + "\"occi.sensor.period\":1}}").code);
        Node.await("alice's sensor runs", 15_000, () -> "running".equals(states(ALICE).get("sensor:sa")));
        Map<String, String> hers = states(ALICE);
        assertFalse("not hers: " + hers, hers.containsKey("sensor:sd") || hers.containsKey("collector:cd")
                || hers.containsKey("resource:gd") || hers.containsKey("sensor:sf"));
        assertTrue("the admin sees hers too", states(a).containsKey("sensor:sa"));
        OcciHttp.Answer sneaky = occi.get("/dashboard/api/live?ch=local/sd/a", "Authorization", ALICE);
        assertEquals(sneaky.toString(), 404, sneaky.code);
        OcciHttp.Answer sneakyHistory = occi.get("/dashboard/api/history/local/sd/a?lastN=1", "Authorization",
                ALICE);
        assertEquals(sneakyHistory.toString(), 404, sneakyHistory.code);

        requireChromium();
        Browser wide = browse("/dashboard/?once#topology=sensor:sd", "1366,900", "topology.png", 6000);
        for (String[] e : new String[][] {{"sensor:sd", "running"}, {"collector:cd", "running"},
                {"collector:cp", "paused"}, {"sensor:sf", "failed"}, {"node:ghost", "disconnected"},
                {"resource:gd", "running"}, {"sensor:sa", "running"}}) {
            assertTrue(e[0] + " " + e[1] + " in the page:\n" + wide.dom, Pattern.compile("<li data-id=\""
                    + Pattern.quote(e[0]) + "\" data-type=\"[a-z]+\" data-state=\"" + e[1] + "\"").matcher(wide.dom)
                    .find());
        }
        assertTrue("the graph is drawn on a canvas:\n" + wide.dom, wide.dom.contains("<canvas"));
        assertTrue("sd's detail: its mixins with versions:\n" + wide.dom,
                wide.dom.contains("<tr><td>EWMA</td><td>1.0.0</td><td>aggregator</td>"));
        assertEquals("console errors", List.of(), wide.consoleErrors);
        Browser phone = browse("/dashboard/?once#topology", "390,844", "topology-phone.png", 6000);
        assertTrue(phone.dom, phone.dom.contains("data-id=\"sensor:sd\""));
        assertEquals("console errors", List.of(), phone.consoleErrors);
        Browser herPage = browse("/dashboard/?once#topology", "1366,900", null, 6000, "alice", "alice-password");
        assertTrue(herPage.dom, herPage.dom.contains("data-id=\"sensor:sa\""));
        assertFalse(herPage.dom, herPage.dom.contains("data-id=\"sensor:sd\""));

        // the page loaded, then the node went away: a clear message, not a blank page
        try (LoginProxy proxy = new LoginProxy(node.port, a)) {
            proxy.failApi = true;
            Browser gone = browse(proxy, "/dashboard/?once#topology", "1366,900", null, 4000);
            assertTrue("the unreachable message:\n" + gone.dom, Pattern.compile(
                    "<div id=\"banner\" role=\"alert\">The node cannot be reached").matcher(gone.dom).find());
            assertTrue(gone.dom, gone.dom.contains("node unreachable"));
        }
    }

    @Test
    public void aLiveChartEndsOnTheValueTheSensorReports() throws Exception {
        deploy();
        requireChromium();
        Node.await("sd has values on a, b and s", 20_000, () -> {
            String d = node.get("/sensor/sd/data").body;
            return d.contains("\"a\":") && d.contains("\"b\":") && d.contains("\"s\":");
        });
        // a few recorded values of a, which its chart starts with; the stream itself ends after one value each
        // (Chromium's --screenshot does not return while a request stays open for seconds, --dump-dom does)
        Node.sleep(3000);
        Browser flowing = browse("/dashboard/?once#live=local%2Fsd%2Fa,local%2Fsd%2Fb,local%2Fsd%2Fs",
                "1366,900", "live.png", 4000);
        assertEquals("console errors", List.of(), flowing.consoleErrors);
        assertTrue(flowing.dom, flowing.dom.contains("data-key=\"local/sd/a\""));
        assertTrue("the state channel carries its Nagios state:\n" + flowing.dom,
                Pattern.compile("data-key=\"local/sd/s\"[^>]*data-last-state=\"(OK|WARNING|CRITICAL)\"")
                        .matcher(flowing.dom).find());
        browse("/dashboard/?once#live=local%2Fsd%2Fa,local%2Fsd%2Fs", "390,844", "live-phone.png", 4000);

        // pause the collector: the sensor's last value stays put, and the page must end on exactly that
        assertEquals(200, occi.call("POST", "/occi/collector/cd?action=pause", null, null,
                "Authorization", admin()).code);
        Node.sleep(2500);
        Map<String, Object> a = channel("a");
        Node.sleep(1500);
        assertEquals("the value no longer moves", a, channel("a"));
        Browser page = browse("/dashboard/?once#live=local%2Fsd%2Fa", "1366,900", null, 4000);
        Matcher m = Pattern.compile("data-key=\"local/sd/a\"[^>]*data-last-value=\"([^\"]+)\" data-last-ts=\"(\\d+)\"")
                .matcher(page.dom);
        assertTrue("a chart with its last point:\n" + page.dom, m.find());
        assertEquals(((Number) a.get("value")).doubleValue(), Double.parseDouble(m.group(1)), 0.0);
        assertEquals(((Number) a.get("ts")).longValue(), Long.parseLong(m.group(2)));
        assertTrue("the unit is shown:\n" + page.dom, page.dom.contains("(" + a.get("unit") + ")"));
        assertEquals("console errors", List.of(), page.consoleErrors);
        assertEquals(200, occi.call("POST", "/occi/collector/cd?action=resume", null, null,
                "Authorization", admin()).code);
    }

    @Test
    public void theHistoryViewDrawsRecordedPoints() throws Exception {
        deploy();
        requireChromium();
        // the 10 s archive has a point once a 10 s interval is over
        Node.await("history of sd/a has consolidated points", 40_000, () -> {
            OcciHttp.Answer h = occi.get("/dashboard/api/history/local/sd/a?from="
                    + (System.currentTimeMillis() - 600_000), "Authorization", admin());
            return h.code == 200 && h.body.contains("\"points\":[{");
        });
        Browser page = browse("/dashboard/?once#history=local%2Fsd%2Fa", "1366,900", "history.png", 5000);
        Matcher m = Pattern.compile("data-key=\"local/sd/a\"[^>]*data-points=\"(\\d+)\"").matcher(page.dom);
        assertTrue("a history chart:\n" + page.dom, m.find());
        assertTrue(page.dom, Integer.parseInt(m.group(1)) >= 1);
        assertEquals("console errors", List.of(), page.consoleErrors);
        Browser none = browse("/dashboard/?once#history=local%2Fsd%2Fb", "1366,900", null, 5000);
        assertTrue("a channel without history says why:\n" + none.dom, none.dom.contains("records no channel"));
    }

    @Test
    public void aCollectorCutOffTurnsRedAndItsAlarmIsListedThenClears() throws Exception {
        requireChromium();
        try (LinkProxy link = new LinkProxy(node.port)) {
            assertEquals(201, node.post("/sensor/sk/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1,
                    "rocmon.alarms.silence.grace", 1), List.of("ckd"))).code);
            assertEquals(201, node.post("/resource/gkd/collector/ckd", Sensors.collector("ckd", List.of("CPUPercent"),
                    Sensors.attrs("occi.collector.period", 1, Sensors.NS + "CPUPercent.out", "a"),
                    "ws://127.0.0.1:" + link.port + "/sensor/sk/")).code);
            Node.await("ckd delivers to sk", 20_000, () -> "running".equals(states(admin()).get("collector:ckd"))
                    && node.get("/sensor/sk/").body.contains("\"id\":\"ckd\",\"connected\":true"));
            link.cut();
            Node.await("the topology lists ckd's alarm and marks it", 30_000, () -> {
                String t = occi.get("/dashboard/api/topology", "Authorization", admin()).body;
                return t.contains("\"alarm\":\"critical\"") && t.contains("\"kind\":\"silence\",\"severity\":"
                        + "\"critical\",\"sensor\":\"sk\",\"source\":\"ckd\"");
            });
            Browser down = browse("/dashboard/?once#topology=collector:ckd", "1366,900", "alarms.png", 6000);
            assertTrue("ckd is red, for its alarm:\n" + down.dom, Pattern.compile("<li data-id=\"collector:ckd\" "
                    + "data-type=\"collector\" data-state=\"[a-z]+\" data-alarm=\"critical\"").matcher(down.dom).find());
            Matcher open = Pattern.compile("<li data-alarm-id=\"(sk/silence/ckd/\\d+)\" data-open=\"true\" "
                    + "data-severity=\"critical\" data-element=\"collector:ckd\"").matcher(down.dom);
            assertTrue("the alarm in the list:\n" + down.dom, open.find());
            assertTrue("its text:\n" + down.dom, down.dom.contains("collector ckd sent no frame"));
            assertEquals("console errors", List.of(), down.consoleErrors);

            link.restore();
            Node.await("the alarm clears", 60_000, () -> node.get("/sensor/sk/").body.contains("\"open\":[]"));
            Browser back = browse("/dashboard/?once#topology", "1366,900", null, 6000);
            assertTrue("the same alarm, cleared:\n" + back.dom, back.dom.contains("<li data-alarm-id=\""
                    + open.group(1) + "\" data-open=\"false\""));
            assertFalse("ckd is no longer marked:\n" + back.dom, Pattern.compile("<li data-id=\"collector:ckd\"[^>]*"
                    + "data-alarm=").matcher(back.dom).find());
            assertEquals("console errors", List.of(), back.consoleErrors);
        } finally {
            node.delete("/resource/gkd/");
            node.delete("/sensor/sk/");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> channel(String name) {
        Map<String, Object> data = Json.object(node.get("/sensor/sd/data").body);
        Map<String, Object> m = (Map<String, Object>) ((Map<String, Object>) data.get("channels")).get(name);
        assertNotNull(data.toString(), m);
        return m;
    }

    private static void requireChromium() {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (!ci) {
            Assume.assumeTrue("no " + CHROMIUM + " (apt-get install chromium)", CHROMIUM.canExecute());
        }
        assertTrue("CI needs " + CHROMIUM, CHROMIUM.canExecute());
    }

    /** What headless Chromium made of a page: its DOM after the budget, and the console's errors. */
    static final class Browser {
        String dom;
        List<String> consoleErrors;
    }

    private Browser browse(String path, String window, String screenshot, int budgetMs) throws Exception {
        return browse(path, window, screenshot, budgetMs, "admin", node.adminPassword());
    }

    /**
     * Loads a page as a user (through a {@link LoginProxy}: headless Chromium does not answer a Basic challenge
     * with the credentials of a URL) and dumps its DOM; with a screenshot name, loads it once more for a PNG in
     * run/target/dashboard/.
     */
    private Browser browse(String path, String window, String screenshot, int budgetMs, String user,
            String password) throws Exception {
        try (LoginProxy proxy = new LoginProxy(node.port, Node.basic(user, password))) {
            return browse(proxy, path, window, screenshot, budgetMs);
        }
    }

    private Browser browse(LoginProxy proxy, String path, String window, String screenshot, int budgetMs)
            throws Exception {
        String url = "http://127.0.0.1:" + proxy.port + path;
        Browser b = new Browser();
        Path profile = Files.createTempDirectory(node.data, "chromium-");
        List<String> stderr = new ArrayList<>();
        b.dom = chromium(profile, window, budgetMs, "--dump-dom", url, stderr);
        // the page writes nothing to the console: any line is an error (Chromium logs every level as INFO)
        b.consoleErrors = stderr.stream().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
                .collect(Collectors.toList());
        if (screenshot != null) {
            Path dir = Path.of("target", "dashboard").toAbsolutePath();
            Files.createDirectories(dir);
            Path png = dir.resolve(screenshot);
            Files.deleteIfExists(png);
            chromium(profile, window, budgetMs, "--screenshot=" + png, url, new ArrayList<>());
            assertTrue("a screenshot " + png, Files.size(png) > 10_000);
        }
        return b;
    }

    private static String chromium(Path profile, String window, int budgetMs, String mode, String url,
            List<String> stderr) throws Exception {
        Path err = Files.createTempFile(profile, "stderr", ".txt");
        Process p = new ProcessBuilder(CHROMIUM.getPath(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + window,
                "--virtual-time-budget=" + budgetMs, "--enable-logging=stderr", "--v=0", mode, url)
                .redirectError(err.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String dom = out.get(10, TimeUnit.SECONDS);
        stderr.addAll(Files.readAllLines(err));
        assertTrue("chromium exited: " + String.join("\n", stderr), exited);
        return dom;
    }

    /** A free port for a node that is down. */
    static final class RocmonOptionsPorts {
        static int free() throws IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
