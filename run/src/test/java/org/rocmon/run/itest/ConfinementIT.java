package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import jakarta.servlet.Servlet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Point 4 of issue 12 against the real runtime: a Log file outside the node's folders is refused (400 naming the
 * attribute) for the admin too, on the node API and through the OCCI front end, `..` and symbolic links included,
 * before anything is created; a user's Webhook to a destination not on {@code userDestinations} is refused (403
 * naming the attribute and the destination) and an allowed one delivers; secrets (Anonymize's salt, Webhook's
 * authorization) are in no GET and no log line, yet reach the destination and are stored owner-only; a user past
 * {@code maxCollectorsPerUser} is refused (403 naming the limit).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfinementIT {

    private static final String PID = "org.rocmon.occi.internal.frontend.OcciServlet";
    private static final String NS = "com.example.occi.monitoring.";
    private static final String FILENAME = NS + "Log.filename";
    private static final String SALT = "pepper-and-salt-4711";
    private static final String TOKEN = "Bearer tok-0815-secret";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    private static String logSensor(String id, String file) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,\"" + FILENAME + "\":" + Json.quote(file) + ","
                + "\"" + NS + "Log.in_msg\":\"x\"}}";
    }

    private static String hookSensor(String id, String url) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/aggregator#Anonymize\","
                + "\"http://example.com/occi/monitoring/publisher#Webhook\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"" + NS + "Anonymize.input\":\"a\",\"" + NS + "Anonymize.output\":\"c\","
                + "\"" + NS + "Anonymize.source\":\"hash\",\"" + NS + "Anonymize.salt\":\"" + SALT + "\","
                + "\"" + NS + "Webhook.input\":\"c\",\"" + NS + "Webhook.url\":" + Json.quote(url) + ","
                + "\"" + NS + "Webhook.authorization\":\"" + TOKEN + "\"}}";
    }

    private static String compute(String id) {
        return "{\"id\":\"" + id + "\",\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\","
                + "\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}";
    }

    private static String cpuCollector(String id, String source, String target) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\"],"
                + "\"attributes\":{\"occi.collector.period\":1,\"" + NS + "CPUPercent.out\":\"a\"},"
                + "\"target\":\"" + target + "\",\"source\":\"" + source + "\"}";
    }

    private static OcciHttp.Answer as(OcciHttp occi, String authorization, String method, String path, String json,
            String... accept) {
        return occi.call(method, path, json == null ? null : "application/occi+json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), "Authorization", authorization,
                "Accept", accept.length == 0 ? "application/json" : accept[0]);
    }

    private static void refusedNaming(Object answer, int code, String body, String attribute) {
        assertEquals(answer.toString(), 400, code);
        assertEquals(answer.toString(), attribute, Json.object(body).get("attribute"));
    }

    @Test
    public void aFileOutsideTheNodesFoldersIsRefusedForTheAdminToo() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("the front end is registered", 15_000, () -> occi.get("/occi/-/").code == 200);
        Path outside = Files.createTempDirectory(node.data.toAbsolutePath().getParent(), "outside-");
        Files.createSymbolicLink(node.data.resolve("link-out"), outside);
        String[] escapes = {outside.resolve("abs.log").toString(), "../" + outside.getFileName() + "/dots.log",
            "link-out/linked.log", "link-out/new/deeper.log"};
        for (String bad : escapes) {
            // node API (no roles there: everyone is confined alike)
            Node.Response direct = node.post("/sensor/fx/", logSensor("fx", bad));
            refusedNaming(direct, direct.code, direct.body, FILENAME);
            assertTrue(direct.body, direct.body.contains("outside"));
            // OCCI front end, as the admin
            OcciHttp.Answer viaOcci = occi.put("/occi/sensor/fo", logSensor("fo", bad));
            refusedNaming(viaOcci, viaOcci.code, viaOcci.body, FILENAME);
        }
        try (var files = Files.list(outside)) {
            assertEquals("nothing was created outside", List.of(), files.toList());
        }
        assertEquals(404, node.get("/sensor/fx/").code);
        assertEquals(404, occi.get("/occi/sensor/fo").code);

        // relative names land in the data folder
        assertEquals(201, occi.put("/occi/sensor/fin", logSensor("fin", "logs/fin.log")).code);
        Node.await("logs/fin.log is created in the data folder", 10_000,
                () -> Files.exists(node.data.resolve("logs/fin.log")));
    }

    @Test
    public void usersPublishOnlyWhereAllowedSecretsStayHiddenAndCollectorsAreCapped() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("the front end and /auth are registered", 15_000,
                () -> occi.get("/occi/-/").code == 200 && node.get("/auth/whoami").code == 200);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"carol\",\"password\":\"carol-password\"}").code);
        String carol = Node.basic("carol", "carol-password");
        String admin = Node.basic("admin", RocmonOptions.ADMIN_PASSWORD);

        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream err = System.err;
        // slf4j-simple writes to whatever System.err is at each line: a tee sees the node's log
        System.setErr(new PrintStream(new TeeStream(err, logged), true, StandardCharsets.UTF_8));
        try (Receiver hook = new Receiver(); ServerSocket other = new ServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            long before = occiServiceId();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("userDestinations", new String[] {"127.0.0.1:" + hook.port()});
            props.put("maxCollectorsPerUser", 1);
            configAdmin.getConfiguration(PID, "?").update(props);
            Node.await("the front end is back with its new configuration", 15_000,
                    () -> occiServiceId() > 0 && occiServiceId() != before && occi.get("/occi/-/").code == 200);

            // a destination not on the list
            String elsewhere = "http://127.0.0.1:" + other.getLocalPort() + "/hook";
            OcciHttp.Answer refused = as(occi, carol, "PUT", "/occi/sensor/sw1", hookSensor("sw1", elsewhere));
            assertEquals(refused.toString(), 403, refused.code);
            Map<String, Object> problem = refused.json();
            assertEquals(NS + "Webhook.url", problem.get("attribute"));
            assertEquals("127.0.0.1:" + other.getLocalPort(), problem.get("destination"));
            assertEquals(404, as(occi, carol, "GET", "/occi/sensor/sw1", null).code);
            // the admin may send anywhere
            assertEquals(201, as(occi, admin, "PUT", "/occi/sensor/sr1", hookSensor("sr1", elsewhere)).code);

            // an allowed one, fed by her collector
            String allowed = "http://127.0.0.1:" + hook.port() + "/hook";
            OcciHttp.Answer ok = as(occi, carol, "PUT", "/occi/sensor/sw1", hookSensor("sw1", allowed));
            assertEquals(ok.toString(), 201, ok.code);
            assertEquals(201, as(occi, carol, "PUT", "/occi/compute/gw1", compute("gw1")).code);
            assertEquals(201, as(occi, carol, "PUT", "/occi/collector/cw1", cpuCollector("cw1", "gw1", "sw1")).code);
            Node.await("the Webhook delivered with its secret header", 20_000, () -> hook.authorizations.contains(TOKEN));

            // the cap on collectors
            OcciHttp.Answer over = as(occi, carol, "PUT", "/occi/collector/cw2", cpuCollector("cw2", "gw1", "sw1"));
            assertEquals(over.toString(), 403, over.code);
            assertEquals(1, ((Number) over.json().get("limit")).intValue());
            assertEquals("maxCollectorsPerUser", over.json().get("setting"));
            assertTrue(over.body, ((String) over.json().get("detail")).contains("maxCollectorsPerUser"));

            // secrets: in no GET, whoever asks and however
            String[][] gets = {{carol, "/occi/sensor/sw1", "application/json"},
                {carol, "/occi/sensor/sw1", "text/plain"}, {carol, "/occi/sensor/sw1", "text/occi"},
                {carol, "/occi/", "application/json"}, {carol, "/occi/sensor/", "application/json"},
                {admin, "/occi/sensor/sw1", "application/json"}, {admin, "/occi/", "text/plain"}};
            for (String[] g : gets) {
                OcciHttp.Answer a = as(occi, g[0], "GET", g[1], null, g[2]);
                assertEquals(a.toString(), 200, a.code);
                assertFalse(a.toString(), a.body.contains(SALT) || a.body.contains("tok-0815"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) Json.object(
                    as(occi, carol, "GET", "/occi/sensor/sw1", null).body).get("attributes");
            assertEquals("******", attributes.get(NS + "Anonymize.salt"));
            assertEquals("******", attributes.get(NS + "Webhook.authorization"));
            for (String path : new String[] {"/sensor/sw1/", "/sensor/", "/sensor/sw1/data"}) {
                Node.Response r = node.get(path);
                assertFalse(r.toString(), r.body.contains(SALT) || r.body.contains("tok-0815"));
            }
            assertTrue(node.get("/sensor/sw1/").body.contains("******"));

            // GET, change, PUT back: the masked secrets stay, and still reach the destination
            String shown = as(occi, carol, "GET", "/occi/sensor/sw1", null).body;
            hook.authorizations.clear();
            OcciHttp.Answer back = as(occi, carol, "PUT", "/occi/sensor/sw1", shown);
            assertEquals(back.toString(), 200, back.code);
            Node.await("the Webhook still sends its secret after the update", 20_000,
                    () -> hook.authorizations.contains(TOKEN));

            // stored, but owner-only
            for (Path stored : new Path[] {node.data.resolve("occi/entities/sw1.json"),
                node.data.resolve("sensors/sw1.json")}) {
                assertTrue(stored + " holds the secret", Files.readString(stored).contains(SALT));
                assertEquals(stored.toString(), "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
            }
        } finally {
            System.setErr(err);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue("the node logged the sensor (so the check below can fail):\n" + log, log.contains("sensor sw1"));
        assertFalse("a secret in the log:\n" + log, log.contains(SALT) || log.contains("tok-0815"));
    }

    private long occiServiceId() {
        try {
            for (ServiceReference<Servlet> r : context.getServiceReferences(Servlet.class, null)) {
                if ("rocmon-occi".equals(r.getProperty("osgi.http.whiteboard.servlet.name"))) {
                    return (Long) r.getProperty("service.id");
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return -1;
    }

    /** Copies what is written to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }

    /** A webhook receiver on loopback that records the Authorization header of every request and answers 200. */
    private static final class Receiver implements AutoCloseable {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "confinement-it-hook");

        Receiver() throws java.io.IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        String lower = line.toLowerCase(java.util.Locale.ROOT);
                        if (lower.startsWith("authorization:")) {
                            authorizations.add(line.substring(line.indexOf(':') + 1).trim());
                        } else if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    for (int i = 0; i < length; i++) {
                        in.read();
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException | RuntimeException e) {
                    // closed, or a client gone: serve the next
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }
}
