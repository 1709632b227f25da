package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

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
 * Issue 12, points 4 and 6 on the OCCI front end, against the real runtime: an ordinary user may not apply the
 * mixins that run commands on the node (403 naming the mixin) while an admin may, and a user owns at most
 * {@code maxEntitiesPerUser} entities (set to 3 here through ConfigurationAdmin).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MixinPolicyIT {

    private static final String PID = "org.rocmon.occi.internal.frontend.OcciServlet";
    private static final String NAGIOS = "http://example.com/occi/monitoring/metric#NagiosPlugin";
    private static final String NS = "com.example.occi.monitoring.NagiosPlugin.";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    private static OcciHttp.Answer as(OcciHttp occi, String authorization, String method, String path, String body,
            String contentType) {
        return occi.call(method, path, body == null ? null : contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "Authorization", authorization,
                "Accept", "application/json");
    }

    private static OcciHttp.Answer as(OcciHttp occi, String authorization, String method, String path, String json) {
        return as(occi, authorization, method, path, json, "application/occi+json");
    }

    private static String compute(String id) {
        return "{\"id\":\"" + id + "\",\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\","
                + "\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}";
    }

    private static String sensor(String id, Path log) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"st\"}}";
    }

    private static String nagiosCollector(String id, String source, String target) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"mixins\":[\"" + NAGIOS + "\"],"
                + "\"attributes\":{\"occi.collector.period\":1,\"" + NS + "command\":\"check_dummy\","
                + "\"" + NS + "args\":\"0\",\"" + NS + "timeout\":10,\"" + NS + "state\":\"st\"},"
                + "\"target\":\"" + target + "\",\"source\":\"" + source + "\"}";
    }

    private long occiServiceId() {
        for (ServiceReference<Servlet> r : contextServlets()) {
            if ("rocmon-occi".equals(r.getProperty("osgi.http.whiteboard.servlet.name"))) {
                return (Long) r.getProperty("service.id");
            }
        }
        return -1;
    }

    private java.util.Collection<ServiceReference<Servlet>> contextServlets() {
        try {
            return context.getServiceReferences(Servlet.class, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void usersAreConfinedToAllowedMixinsAndToTheirCap() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("the front end and /auth are registered", 15_000,
                () -> occi.get("/occi/-/").code == 200 && node.get("/auth/whoami").code == 200);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        String alice = Node.basic("alice", "alice-password");
        String admin = Node.basic("admin", RocmonOptions.ADMIN_PASSWORD);

        // a cap of 3 through ConfigAdmin; the denied mixins keep their defaults
        long before = occiServiceId();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("maxEntitiesPerUser", 3);
        configAdmin.getConfiguration(PID, "?").update(props);
        Node.await("the front end is back with its new configuration", 15_000,
                () -> occiServiceId() > 0 && occiServiceId() != before && occi.get("/occi/-/").code == 200);

        Path log = node.data.resolve("mp.log");
        assertEquals(201, as(occi, alice, "PUT", "/occi/compute/ga1", compute("ga1")).code);
        assertEquals(201, as(occi, alice, "PUT", "/occi/sensor/sa1", sensor("sa1", log)).code);

        // alice may not run commands on the node
        OcciHttp.Answer refused = as(occi, alice, "PUT", "/occi/collector/ca1", nagiosCollector("ca1", "ga1", "sa1"));
        assertEquals(refused.toString(), 403, refused.code);
        assertTrue(refused.header("Content-Type"), refused.header("Content-Type").startsWith("application/problem+json"));
        Map<String, Object> problem = refused.json();
        assertEquals("mixins", problem.get("attribute"));
        assertEquals(NAGIOS, problem.get("mixin"));
        assertTrue(refused.body, ((String) problem.get("detail")).contains("an admin may allow it"));
        assertEquals(404, as(occi, alice, "GET", "/occi/collector/ca1", null).code);

        // her allowed collector; associating NagiosPlugin with it is refused alike
        OcciHttp.Answer allowed = as(occi, alice, "PUT", "/occi/collector/ca2",
                Node.listing2("ca2", 1, "sa1", "ga1"));
        assertEquals(allowed.toString(), 201, allowed.code);
        OcciHttp.Answer associated = as(occi, alice, "POST", "/occi/mixins/metric/NagiosPlugin/",
                "/occi/collector/ca2\n", "text/uri-list");
        assertEquals(associated.toString(), 403, associated.code);
        assertEquals(NAGIOS, associated.json().get("mixin"));

        // the admin may
        OcciHttp.Answer byAdmin = as(occi, admin, "PUT", "/occi/collector/cr1", nagiosCollector("cr1", "ga1", "sa1"));
        assertEquals(byAdmin.toString(), 201, byAdmin.code);

        // alice owns 3, the cap: one more is refused until she deletes one
        OcciHttp.Answer over = as(occi, alice, "PUT", "/occi/sensor/sa2", sensor("sa2", log));
        assertEquals(over.toString(), 403, over.code);
        assertTrue(over.body, ((String) over.json().get("detail")).contains("user alice owns 3 entities, the limit"));
        assertEquals(204, as(occi, alice, "DELETE", "/occi/collector/ca2", null).code);
        assertEquals(201, as(occi, alice, "PUT", "/occi/sensor/sa2", sensor("sa2", log)).code);

        // the admin is not capped
        for (int i = 0; i < 4; i++) {
            assertEquals(201, as(occi, admin, "PUT", "/occi/compute/gr" + i, compute("gr" + i)).code);
        }
    }
}
