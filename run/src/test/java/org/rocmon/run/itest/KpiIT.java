package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
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
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 13, part 5, against the real runtime: a service-level KPI (docs/kpi.md). A user's three compute resources
 * of group {@code web}, each with a collector to a sensor of its own that a test collector feeds channel cpu; a
 * KPI sensor (Kpi aggregator, group web, History) owned by the same user. The front end links the three sensors
 * to it; its value is the average of theirs; a resource that leaves the group stops counting; the KPI is recorded
 * and queryable; an NGSI subscription on the entity of type KPI fires once per threshold crossing; another user
 * sees none of it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KpiIT {

    private static final String COMPUTE = "http://schemas.ogf.org/occi/infrastructure#compute";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    /** One answer. */
    record Answer(String request, int code, String body) {
        Object json() {
            return Json.parse(body);
        }

        @Override
        public String toString() {
            return request + " -> " + code + " " + body;
        }
    }

    private static Answer call(Node node, String authorization, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.header("Authorization", authorization);
        try {
            HttpResponse<String> r = node.httpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method + " " + path, r.statusCode(), r.body());
        } catch (Exception | Error e) {
            return new Answer(method + " " + path, -1, e.toString());
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

    private static String compute(String id, String group) {
        return "{\"kind\":\"" + COMPUTE + "\",\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\","
                + "\"rocmon.group\":\"" + group + "\"}}";
    }

    private static final String KPI_SENSOR = "{\"id\":\"webcpu\",\"kind\":\"http://schemas.ogf.org/occi/monitoring"
            + "#sensor\",\"mixins\":[\"http://example.com/occi/monitoring/aggregator#Kpi\","
            + "\"http://example.com/occi/monitoring/publisher#History\"],"
            + "\"attributes\":{\"occi.sensor.period\":1,"
            + "\"com.example.occi.monitoring.Kpi.input\":\"cpu\","
            + "\"com.example.occi.monitoring.Kpi.output\":\"cpu_avg\","
            + "\"com.example.occi.monitoring.Kpi.function\":\"avg\","
            + "\"com.example.occi.monitoring.Kpi.group\":\"web\","
            + "\"com.example.occi.monitoring.History.input\":\"cpu_avg\"}}";

    @Test
    public void aKpiFollowsItsGroupIsRecordedQueriedAndSubscribedTo() throws Exception {
        Node node = new Node(context).awaitReady();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("intervalMillis", 300L);
        configAdmin.getConfiguration("org.rocmon.occi.internal.kpi.KpiGroups", "?").update(props);
        // alice's callbacks go to the test's receiver on loopback, which the operator lists for users
        Dictionary<String, Object> ngsi = new Hashtable<>();
        ngsi.put("callbackAllowlist", new String[] {"127.0.0.1"});
        configAdmin.getConfiguration("org.rocmon.occi.internal.ngsi.NgsiServlet", "?").update(ngsi);
        String admin = node.authorization("/v2");
        Answer[] last = new Answer[1];
        long end = System.currentTimeMillis() + 60_000;
        while ((last[0] = call(node, admin, "GET", "/v2/entities", null)).code != 200) {
            assertTrue("/v2 is registered; last answer " + last[0], System.currentTimeMillis() < end);
            Node.sleep(500);
        }
        assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"bob\",\"password\":\"bob-password\"}").code);
        String alice = Node.basic("alice", "alice-password");
        String bob = Node.basic("bob", "bob-password");
        OcciHttp occi = new OcciHttp(node);

        Map<String, Double> cpu = new LinkedHashMap<>(Map.of("t1", 10.0, "t2", 20.0, "t3", 60.0));
        List<TestCollector> feeds = new ArrayList<>();
        try (CallbackReceiver receiver = new CallbackReceiver().start()) {
            for (int i = 1; i <= 3; i++) {
                put(occi, alice, "/occi/compute/g" + i, compute("g" + i, "web"));
                put(occi, alice, "/occi/sensor/s" + i,
                        Node.logSensor("s" + i, "cpu", node.data.resolve("kpi-s" + i + ".log"), "t" + i));
                put(occi, alice, "/occi/collector/c" + i, Node.listing2("c" + i, 1, "s" + i, "g" + i));
            }
            // a resource of another group, with its own sensor: never a member
            put(occi, alice, "/occi/compute/g4", compute("g4", "db"));
            put(occi, alice, "/occi/sensor/s4", Node.logSensor("s4", "cpu", node.data.resolve("kpi-s4.log"), "t4"));
            put(occi, alice, "/occi/collector/c4", Node.listing2("c4", 1, "s4", "g4"));
            for (int i = 1; i <= 4; i++) {
                String s = "s" + i;
                Node.await(s + " is deployed", 20_000, () -> node.get("/sensor/" + s + "/").code == 200);
                feeds.add(TestCollector.connect(node, s, "t" + i));
            }
            cpu.put("t4", 1000.0);
            put(occi, alice, "/occi/sensor/webcpu", KPI_SENSOR);

            // the front end links s1..s3 (not s4) and the KPI is their average
            awaitKpi(node, alice, feeds, cpu, 30.0);
            Map<String, Object> kpi = map(occi.call("GET", "/occi/sensor/webcpu", "application/json", null,
                    "Authorization", alice).json());
            assertEquals(kpi.toString(), "kpi.webcpu.s1,kpi.webcpu.s2,kpi.webcpu.s3",
                    map(kpi.get("attributes")).get("com.example.occi.monitoring.Kpi.sources"));
            assertEquals(200, occi.call("GET", "/occi/collector/kpi.webcpu.s2", "application/json", null,
                    "Authorization", alice).code);
            Answer entity = call(node, alice, "GET", "/v2/entities/webcpu?type=KPI&attrs=cpu_avg", null);
            assertEquals(entity.toString(), "KPI", map(entity.json()).get("type"));
            assertEquals("Number", map(map(entity.json()).get("cpu_avg")).get("type"));
            assertTrue(call(node, alice, "GET", "/v2/types", null).body.contains("{\"type\":\"KPI\",\"count\":1}"));
            assertEquals(1, list(call(node, alice, "GET", "/v2/entities?type=KPI", null).json()).size());
            // another user: neither the entity nor a subscription to it
            assertEquals(404, call(node, bob, "GET", "/v2/entities/webcpu", null).code);
            assertEquals(404, call(node, bob, "POST", "/v2/subscriptions", subscription(receiver.url("/b"))).code);

            Answer sub = call(node, alice, "POST", "/v2/subscriptions", subscription(receiver.url("/above25")));
            assertEquals(sub.toString(), 201, sub.code);
            // every change too (normalized, so its notifications are told apart): shows what the notifier saw
            Answer changes = call(node, alice, "POST", "/v2/subscriptions", subscription(receiver.url("/changes"))
                    .replace("\"notifyOn\":\"threshold\",\"threshold\":{\"above\":25}", "\"notifyOn\":\"change\"")
                    .replace("keyValues", "normalized"));
            assertEquals(changes.toString(), 201, changes.code);
            awaitNotified(receiver, feeds, cpu, List.of(30.0));

            // g3 leaves the group: its sensor is unlinked and no longer counts
            put(occi, alice, "/occi/compute/g3", compute("g3", "batch"));
            awaitKpi(node, alice, feeds, cpu, 15.0);
            // the notifier reads every pollMillis: the threshold re-arms only once it has seen the KPI below
            Node.await("the notifier saw 15", 20_000, () -> {
                feed(feeds, cpu);
                return changed(receiver).contains(15.0);
            });
            Node.await("kpi.webcpu.s3 is deleted", 10_000, () -> occi.call("GET", "/occi/collector/kpi.webcpu.s3",
                    "application/json", null, "Authorization", alice).code == 404);
            // s1 rises: 35 crosses the threshold again, and only now is a second notification sent
            cpu.put("t1", 50.0);
            awaitKpi(node, alice, feeds, cpu, 35.0);
            awaitNotified(receiver, feeds, cpu, List.of(30.0, 35.0));

            // recorded: the raw values of cpu_avg went 30 -> 15 -> 35, and a consolidated query answers
            Node.Response raw = node.get("/history/webcpu/cpu_avg?lastN=1000");
            assertEquals(raw.body, 200, raw.code);
            List<Double> recorded = new ArrayList<>();
            for (Object v : list(raw.json().get("values"))) {
                double x = ((Number) map(v).get("value")).doubleValue();
                if (recorded.isEmpty() || recorded.get(recorded.size() - 1) != x) {
                    recorded.add(x);
                }
            }
            int i30 = recorded.indexOf(30.0);
            int i15 = recorded.lastIndexOf(15.0);
            assertTrue(recorded.toString(), i30 >= 0 && i15 > i30 && recorded.get(recorded.size() - 1) == 35.0);
            // a 10 s point is consolidated once its interval is over
            Node.await("a consolidated 10 s point of 35", 30_000, () -> {
                feed(feeds, cpu);
                Node.Response max = node.get("/history/webcpu/cpu_avg?resolution=10s&aggregation=max");
                return max.code == 200 && max.body.contains("\"value\":35");
            });
            // through the front end: the owner reads it, another user gets 404, bad input names the parameter
            Answer mine = call(node, alice, "GET", "/v2/entities/webcpu/attrs/cpu_avg/history?lastN=5", null);
            assertEquals(mine.toString(), 200, mine.code);
            assertEquals("KPI", map(mine.json()).get("type"));
            assertEquals(mine.body, 5, list(map(mine.json()).get("values")).size());
            assertEquals(404, call(node, bob, "GET", "/v2/entities/webcpu/attrs/cpu_avg/history?lastN=5", null).code);
            Answer bad = call(node, alice, "GET", "/v2/entities/webcpu/attrs/cpu_avg/history?lastN=0", null);
            assertEquals(bad.toString(), 400, bad.code);
            assertEquals("lastN", map(bad.json()).get("attribute"));
        } finally {
            feeds.forEach(TestCollector::close);
        }
    }

    private static void put(OcciHttp occi, String user, String path, String json) {
        OcciHttp.Answer a = occi.call("PUT", path, "application/occi+json", json.getBytes(), "Authorization", user);
        assertTrue(a.toString(), a.code == 201 || a.code == 200);
    }

    /** The test collectors send their values again (the forwarders send only what arrived in their period). */
    private static void feed(List<TestCollector> feeds, Map<String, Double> cpu) {
        for (TestCollector tc : feeds) {
            tc.send(System.currentTimeMillis(), Map.of("cpu", cpu.get(tc.id)));
        }
    }

    private static void awaitKpi(Node node, String user, List<TestCollector> feeds, Map<String, Double> cpu,
            double expected) {
        Node.await("the KPI is " + expected, 30_000, () -> {
            feed(feeds, cpu);
            Answer a = call(node, user, "GET", "/v2/entities/webcpu/attrs/cpu_avg/value", null);
            return a.code == 200 && ((Number) a.json()).doubleValue() == expected;
        });
    }

    private static void awaitNotified(CallbackReceiver receiver, List<TestCollector> feeds, Map<String, Double> cpu,
            List<Double> expected) {
        Node.await("notified " + expected, 20_000, () -> {
            feed(feeds, cpu);
            return notified(receiver).equals(expected);
        });
        for (int i = 0; i < 4; i++) {
            feed(feeds, cpu);
            Node.sleep(500);
        }
        assertEquals("each crossing once", expected, notified(receiver));
    }

    private static List<Double> notified(CallbackReceiver receiver) {
        List<Double> out = new ArrayList<>();
        for (String body : receiver.bodies()) {
            for (Object e : list(Json.object(body).get("data"))) {
                if (map(e).get("cpu_avg") instanceof Number n) {
                    out.add(n.doubleValue());
                }
            }
        }
        return out;
    }

    /** @return the values the change subscription was notified of (normalized: attribute objects) */
    private static List<Double> changed(CallbackReceiver receiver) {
        List<Double> out = new ArrayList<>();
        for (String body : receiver.bodies()) {
            for (Object e : list(Json.object(body).get("data"))) {
                if (map(e).get("cpu_avg") instanceof Map<?, ?> a && a.get("value") instanceof Number n) {
                    out.add(n.doubleValue());
                }
            }
        }
        return out;
    }

    private static String subscription(String url) {
        return "{\"description\":\"web cpu above 25\",\"subject\":{\"entities\":[{\"id\":\"webcpu\",\"type\":\"KPI\"}],"
                + "\"condition\":{\"attrs\":[\"cpu_avg\"],\"notifyOn\":\"threshold\",\"threshold\":{\"above\":25}}},"
                + "\"notification\":{\"http\":{\"url\":\"" + url + "\"},\"attrs\":[\"cpu_avg\"],"
                + "\"attrsFormat\":\"keyValues\"}}";
    }
}
