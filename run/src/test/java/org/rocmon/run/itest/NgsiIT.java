package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 13, points 3 and 4, against the real runtime: the FIWARE pull model as NGSI-v2 queries over the OCCI
 * front end's resources and sensors, and the push model: subscriptions whose notifications reach a real HTTP
 * callback once each and in order, also after the callback was down and after the front end (the occi bundle)
 * restarted; a threshold fires once per crossing; users see and subscribe to their own entities only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NgsiIT {

    private static final String PID = "org.rocmon.occi.internal.ngsi.NgsiServlet";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    /** One answer. */
    record Answer(String request, int code, String body, String location, String count) {
        Object json() {
            return Json.parse(body);
        }

        @Override
        public String toString() {
            return request + " -> " + code + " " + body;
        }
    }

    private Answer call(Node node, String authorization, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method + " " + path, r.statusCode(), r.body(),
                    r.headers().firstValue("Location").orElse(null),
                    r.headers().firstValue("Fiware-Total-Count").orElse(null));
        } catch (Exception e) {
            return new Answer(method + " " + path, -1, e.toString(), null, null);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private void fastNotifier() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("pollMillis", 200L);
        props.put("retryMinMillis", 200L);
        props.put("retryMaxMillis", 1000L);
        // users' callbacks may reach loopback only where the operator lists it (the test's receiver)
        props.put("callbackAllowlist", new String[] {"127.0.0.1"});
        configAdmin.getConfiguration(PID, "?").update(props);
    }

    @Test
    public void theNgsiQueriesReturnWhatTheSpecLists() throws Exception {
        Node node = new Node(context).awaitReady();
        String admin = node.authorization("/v2");
        Node.await("/v2 is registered", 15_000, () -> call(node, admin, "GET", "/v2/entities", null).code == 200);
        OcciHttp occi = new OcciHttp(node);
        Path log = node.data.resolve("ngsi-s01.log");
        assertEquals(201, occi.put("/occi/compute/g01", "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure"
                + "#compute\",\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code);
        assertEquals(201, occi.put("/occi/compute/g02", "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure"
                + "#compute\",\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code);
        assertEquals(201, occi.put("/occi/sensor/s01", Node.logSensor("s01", "a", log, "none")).code);
        assertEquals(201, occi.put("/occi/collector/c01", Node.listing2("c01", 0.5, "s01", "g01")).code);
        assertEquals(201, occi.put("/occi/collector/c02", Node.listing2("c02", 0.5, "s01", "g02")).code);

        // metrics of all monitored resources of a type: each with its collectors' channels as attributes
        Node.await("g01 and g02 show their channels", 20_000, () -> {
            Answer a = call(node, admin, "GET", "/v2/entities?type=compute", null);
            return a.code == 200 && list(a.json()).size() == 2
                    && list(a.json()).stream().allMatch(e -> map(e).containsKey("a") && map(e).containsKey("b"));
        });
        Answer all = call(node, admin, "GET", "/v2/entities?type=compute", null);
        for (Object o : list(all.json())) {
            Map<String, Object> e = map(o);
            assertEquals("compute", e.get("type"));
            Map<String, Object> a = map(e.get("a"));
            assertEquals(all.body, "Number", a.get("type"));
            assertTrue(a.get("value") instanceof Number);
            Map<String, Object> md = map(a.get("metadata"));
            assertEquals("DateTime", map(md.get("dateModified")).get("type"));
            assertTrue(String.valueOf(md), ((String) map(md.get("dateModified")).get("value")).endsWith("Z"));
            assertEquals(e.get("id").equals("g01") ? "c01" : "c02", map(md.get("source")).get("value"));
            assertEquals("Boolean", map(e.get("b")).get("type"));
            assertEquals(true, map(e.get("b")).get("value"));
        }
        // at most n of a type, and the count
        Answer one = call(node, admin, "GET", "/v2/entities?type=compute&limit=1&options=count", null);
        assertEquals(1, list(one.json()).size());
        assertEquals("2", one.count);
        // one resource; its attributes; one value; key-values
        Answer g01 = call(node, admin, "GET", "/v2/entities/g01?type=compute", null);
        assertEquals(g01.toString(), 200, g01.code);
        assertEquals("g01", map(g01.json()).get("id"));
        assertTrue(call(node, admin, "GET", "/v2/entities/g01/attrs/a/value", null).json() instanceof Number);
        Map<String, Object> kv = map(call(node, admin, "GET", "/v2/entities/g01?options=keyValues&attrs=b", null)
                .json());
        assertEquals(Map.of("id", "g01", "type", "compute", "b", true), kv);
        // a sensor is an entity too: its channels
        Answer s01 = call(node, admin, "GET", "/v2/entities?type=sensor&id=s01,g01", null);
        assertEquals(1, list(s01.json()).size());
        assertTrue(s01.body, map(list(s01.json()).get(0)).containsKey("a"));
        Answer types = call(node, admin, "GET", "/v2/types", null);
        assertTrue(types.body, types.body.contains("{\"type\":\"compute\",\"count\":2}"));

        // bad queries: 4xx naming the parameter, in the one error shape with NGSI's error member
        Answer unknownType = call(node, admin, "GET", "/v2/entities?type=vm", null);
        assertEquals(400, unknownType.code);
        assertEquals("type", map(unknownType.json()).get("attribute"));
        assertEquals("BadRequest", map(unknownType.json()).get("error"));
        assertEquals(400, call(node, admin, "GET", "/v2/entities?limit=0", null).code);
        assertEquals("limit", map(call(node, admin, "GET", "/v2/entities?limit=x", null).json()).get("attribute"));
        assertEquals("q", map(call(node, admin, "GET", "/v2/entities?q=a%3E1", null).json()).get("attribute"));
        assertEquals(404, call(node, admin, "GET", "/v2/entities/nope", null).code);
        assertEquals(404, call(node, admin, "GET", "/v2/entities/g01?type=sensor", null).code);
        assertEquals(405, call(node, admin, "POST", "/v2/entities", "{\"id\":\"x\",\"type\":\"compute\"}").code);
        assertEquals(401, call(node, null, "GET", "/v2/entities", null).code);

        // an ordinary user sees none of the admin's entities
        assertEquals(201, node.post("/auth/users", "{\"name\":\"carol\",\"password\":\"carol-password\"}").code);
        String carol = Node.basic("carol", "carol-password");
        assertEquals("[]", call(node, carol, "GET", "/v2/entities?type=compute", null).body);
        assertEquals(404, call(node, carol, "GET", "/v2/entities/g01", null).code);
        assertEquals(404, call(node, carol, "GET", "/v2/entities/g01/attrs/a", null).code);
    }

    @Test
    public void notificationsArriveOnceInOrderAcrossACallbackOutageAndAFrontEndRestart() throws Exception {
        Node node = new Node(context).awaitReady();
        fastNotifier();
        String admin = node.authorization("/v2");
        Node.await("/v2 is registered", 15_000, () -> call(node, admin, "GET", "/v2/entities", null).code == 200);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"bob\",\"password\":\"bob-password\"}").code);
        String alice = Node.basic("alice", "alice-password");
        String bob = Node.basic("bob", "bob-password");
        OcciHttp occi = new OcciHttp(node);
        OcciHttp.Answer sensor = occi.call("PUT", "/occi/sensor/sa", "application/occi+json",
                Node.logSensor("sa", "x", node.data.resolve("ngsi-sa.log"), "tc1").getBytes(), "Authorization", alice);
        assertEquals(sensor.toString(), 201, sensor.code);
        Node.await("sa is deployed", 15_000, () -> node.get("/sensor/sa/").code == 200);

        try (CallbackReceiver receiver = new CallbackReceiver().start();
                TestCollector tc = TestCollector.connect(node, "sa", "tc1")) {
            // bad subscriptions: 4xx naming the field
            String[][] bad = {
                {subscription("sa", "sensor", "update", null, "ftp://127.0.0.1/x"), "notification.http.url"},
                {subscription("sa", "sensor", "update", null, "http://192.0.2.1/x"), "notification.http.url"},
                {subscription("sa", "vm", "update", null, receiver.url("/u")), "subject.entities[0].type"},
                {subscription("sa", "sensor", "sometimes", null, receiver.url("/u")), "subject.condition.notifyOn"},
                {"{\"subject\":{\"entities\":[{\"id\":\"sa\"}]}}", "notification"},
            };
            for (String[] b : bad) {
                Answer a = call(node, alice, "POST", "/v2/subscriptions", b[0]);
                assertEquals(a.toString(), 400, a.code);
                assertEquals(a.toString(), b[1], map(a.json()).get("attribute"));
            }
            assertEquals(400, call(node, alice, "POST", "/v2/subscriptions", "{not json").code);
            // loopback that the operator did not list is an admin's only: the front end's machine is not a user's
            Answer local = call(node, alice, "POST", "/v2/subscriptions",
                    subscription("sa", "sensor", "update", null, "http://localhost:" + node.port + "/sensor/"));
            assertEquals(local.toString(), 403, local.code);
            assertEquals(local.toString(), "notification.http.url", map(local.json()).get("attribute"));
            // bob may not subscribe to alice's sensor: as unknown as a missing one
            Answer hidden = call(node, bob, "POST", "/v2/subscriptions",
                    subscription("sa", "sensor", "update", null, receiver.url("/u")));
            assertEquals(hidden.toString(), 404, hidden.code);
            assertEquals("subject.entities[0].id", map(hidden.json()).get("attribute"));

            Answer updates = call(node, alice, "POST", "/v2/subscriptions",
                    subscription("sa", "sensor", "update", null, receiver.url("/updates")));
            assertEquals(updates.toString(), 201, updates.code);
            assertTrue(updates.location, updates.location.matches("/v2/subscriptions/[0-9a-f]{24}"));
            Answer crossings = call(node, alice, "POST", "/v2/subscriptions",
                    subscription("sa", "sensor", "threshold", "{\"above\":50}", receiver.url("/crossings")));
            assertEquals(crossings.toString(), 201, crossings.code);
            String u = updates.location;
            String t = crossings.location;
            String uid = u.substring(u.lastIndexOf('/') + 1);
            String tid = t.substring(t.lastIndexOf('/') + 1);
            assertEquals(404, call(node, bob, "GET", u, null).code);
            assertEquals(404, call(node, bob, "DELETE", u, null).code);
            assertEquals("[]", call(node, bob, "GET", "/v2/subscriptions", null).body);
            assertEquals(2, list(call(node, admin, "GET", "/v2/subscriptions", null).json()).size());
            Node.sleep(500); // a round or two without news: nothing older than the subscriptions is sent

            List<Double> sent = new ArrayList<>();
            for (double v : new double[] {10, 20, 60, 70, 30, 80}) {
                send(tc, v, sent);
            }
            awaitValues(receiver, uid, sent);
            awaitValues(receiver, tid, List.of(60.0, 80.0));

            // the callback goes away: notifications queue, attempts fail and are counted
            receiver.stop();
            for (double v : new double[] {90, 40, 95}) {
                send(tc, v, sent);
            }
            Node.await("three notifications wait, and attempts failed", 15_000, () -> {
                Map<String, Object> n = map(map(call(node, alice, "GET", u, null).json()).get("notification"));
                return ((Number) map(n.get("rocmon")).get("pending")).intValue() == 3
                        && ((Number) n.get("failsCounter")).intValue() > 0;
            });
            Map<String, Object> failing = map(call(node, alice, "GET", u, null).json());
            assertEquals("failed", failing.get("status"));
            assertNotNull(map(failing.get("notification")).get("lastFailure"));

            // the front end restarts (its bundle stops and starts) while the callback is still down
            Bundle occiBundle = MixinTests.bundles(context, "org.rocmon.occi").get(0);
            occiBundle.stop();
            assertEquals(404, call(node, alice, "GET", u, null).code);
            occiBundle.start();
            Node.await("/v2 is back", 20_000, () -> call(node, alice, "GET", u, null).code == 200);
            Map<String, Object> restored = map(map(call(node, alice, "GET", u, null).json()).get("notification"));
            assertEquals(restored.toString(), 3, ((Number) map(restored.get("rocmon")).get("pending")).intValue());

            // the callback is back: the queue arrives in order, each once, then new values follow
            receiver.start();
            awaitValues(receiver, uid, sent);
            awaitValues(receiver, tid, List.of(60.0, 80.0, 95.0)); // 80 -> 90 stays above: no crossing
            send(tc, 100, sent);
            send(tc, 55, sent);
            awaitValues(receiver, uid, sent);
            Node.sleep(1000);
            assertEquals("nothing more, nothing twice", sent, values(receiver, uid));
            assertEquals("95 -> 100 -> 55 stays above", List.of(60.0, 80.0, 95.0), values(receiver, tid));

            Map<String, Object> done = map(call(node, alice, "GET", u, null).json());
            Map<String, Object> n = map(done.get("notification"));
            assertEquals("active", done.get("status"));
            assertEquals(0, ((Number) n.get("failsCounter")).intValue());
            assertEquals(sent.size(), ((Number) map(n.get("rocmon")).get("delivered")).intValue());
            assertTrue(n.toString(), ((Number) n.get("timesSent")).intValue() > sent.size());
            assertNotNull(n.get("lastSuccess"));
            assertEquals(204, ((Number) n.get("lastSuccessCode")).intValue());

            // paused: nothing is sent; resumed: the next update is
            assertEquals(204, call(node, alice, "PATCH", u, "{\"status\":\"inactive\"}").code);
            assertEquals("inactive", map(call(node, alice, "GET", u, null).json()).get("status"));
            tc.awaitAck(tc.send(System.currentTimeMillis(), Map.of("x", 1)), 10_000);
            Node.sleep(1000);
            assertEquals(sent, values(receiver, uid));
            assertEquals(400, call(node, alice, "PATCH", u, "{\"status\":\"paused\"}").code);
            assertEquals(204, call(node, alice, "PATCH", u, "{\"status\":\"active\"}").code);
            send(tc, 2, sent);
            awaitValues(receiver, uid, sent); // the value sent while paused is no news

            assertEquals(204, call(node, alice, "DELETE", u, null).code);
            assertEquals(404, call(node, alice, "GET", u, null).code);
            assertEquals(204, call(node, admin, "DELETE", t, null).code);
        }
    }

    /** Sends x = v, waits for the sensor's ack and for one notifier round to see it. */
    private static void send(TestCollector tc, double v, List<Double> sent) {
        tc.awaitAck(tc.send(System.currentTimeMillis(), Map.of("x", v)), 10_000);
        sent.add(v);
        Node.sleep(700); // pollMillis is 200: the notifier reads every value
    }

    private static void awaitValues(CallbackReceiver receiver, String id, List<Double> expected) {
        Node.await("subscription " + id + " received " + expected + " (so far " + values(receiver, id) + ")",
                20_000, () -> values(receiver, id).equals(expected));
    }

    private static List<Double> values(CallbackReceiver receiver, String id) {
        List<Double> out = new ArrayList<>();
        for (String body : receiver.bodies()) {
            Map<String, Object> n = Json.object(body);
            if (id.equals(n.get("subscriptionId"))) {
                for (Object e : list(n.get("data"))) {
                    out.add(((Number) map(e).get("x")).doubleValue());
                }
            }
        }
        return out;
    }

    private static String subscription(String id, String type, String on, String threshold, String url) {
        return "{\"description\":\"x of " + id + "\",\"subject\":{\"entities\":[{\"id\":\"" + id + "\",\"type\":\""
                + type + "\"}],\"condition\":{\"attrs\":[\"x\"],\"notifyOn\":\"" + on + "\""
                + (threshold == null ? "" : ",\"threshold\":" + threshold) + "}},"
                + "\"notification\":{\"http\":{\"url\":\"" + url + "\"},\"attrs\":[\"x\"],"
                + "\"attrsFormat\":\"keyValues\"}}";
    }
}
