package org.rocmon.occi.internal.ngsi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.http.Problem;

/** The pull model and the subscription resource, over a fake front end. */
public class NgsiApiTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    final FakeMonitored monitored = FakeMonitored.typical();
    final NgsiEntities entities = new NgsiEntities(monitored);
    static final NgsiEntities.Who ALICE = new NgsiEntities.Who("alice", false);
    static final NgsiEntities.Who BOB = new NgsiEntities.Who("bob", false);
    static final NgsiEntities.Who ADMIN = new NgsiEntities.Who("admin", true);

    NgsiApi api() throws Exception {
        Path folder = tmp.getRoot().toPath().resolve("subs");
        Notifier n = new Notifier(entities, new SubscriptionStore(folder), (m, u, j) -> {
            throw new java.io.IOException("not in this test");
        }, Runnable::run, System::currentTimeMillis, new Notifier.Limits(10, 100, 1000));
        return new NgsiApi(entities, new SubscriptionsApi(n, new SubscriptionJson(entities,
                new Callbacks(new String[] {"hooks.example:8443", "127.0.0.1"}))));
    }

    NgsiApi.Answer get(NgsiApi api, String path, String query, NgsiEntities.Who who) throws Problem {
        return api.handle("GET", path, query(query), null, who);
    }

    static Map<String, String> query(String q) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (q != null) {
            for (String p : q.split("&")) {
                m.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
            }
        }
        return m;
    }

    static Problem refused(ThrowingCall c) {
        try {
            c.run();
        } catch (Problem p) {
            return p;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        fail("expected a problem");
        return null;
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    public void entitiesOfATypeWithTheirChannelsAsAttributes() throws Exception {
        NgsiApi api = api();
        JsonNode list = get(api, "/entities", "type=compute", ALICE).body();
        assertEquals(1, list.size());
        JsonNode g01 = list.get(0);
        assertEquals("g01", g01.get("id").asText());
        assertEquals("compute", g01.get("type").asText());
        assertEquals("Number", g01.at("/cpu/type").asText());
        assertEquals(12.5, g01.at("/cpu/value").asDouble(), 0);
        assertEquals("%", g01.at("/cpu/metadata/unit/value").asText());
        assertEquals("c01", g01.at("/cpu/metadata/source/value").asText());
        assertEquals("2027-01-15T08:00:00Z", g01.at("/cpu/metadata/dateModified/value").asText());
        assertEquals("DateTime", g01.at("/cpu/metadata/dateModified/type").asText());
        assertEquals("Boolean", g01.at("/up/type").asText());
        assertEquals("OK", g01.at("/up/metadata/state/value").asText());

        assertEquals("admin sees both resources", 2, get(api, "/entities", "type=compute", ADMIN).body().size());
        assertEquals(1, get(api, "/entities", "type=compute&limit=1", ADMIN).body().size());
        NgsiApi.Answer counted = get(api, "/entities", "limit=1&offset=1&options=count", ADMIN);
        assertEquals("3", counted.headers().get("Fiware-Total-Count"));
        assertEquals("g02", counted.body().get(0).get("id").asText());
        JsonNode kv = get(api, "/entities/g01", "type=compute&options=keyValues&attrs=cpu", ALICE).body();
        assertEquals("{\"id\":\"g01\",\"type\":\"compute\",\"cpu\":12.5}", kv.toString());
        assertEquals(3, get(api, "/entities/s01/attrs/c/value", null, ALICE).body().asInt());
        assertEquals("Number", get(api, "/entities/s01/attrs/c", null, ALICE).body().get("type").asText());
        assertFalse(get(api, "/entities/s01/attrs", null, ALICE).body().has("id"));
        assertEquals(1, get(api, "/entities", "idPattern=^s.*", ALICE).body().size());
        assertEquals("[{\"type\":\"compute\",\"count\":1},{\"type\":\"sensor\",\"count\":1}]",
                get(api, "/types", null, ALICE).body().toString());
    }

    @Test
    public void othersEntitiesAreNotFoundAndBadQueriesNameTheParameter() throws Exception {
        NgsiApi api = api();
        assertEquals(404, refused(() -> get(api, "/entities/g02", null, ALICE)).status());
        assertEquals(404, refused(() -> get(api, "/entities/g01", "type=sensor", ALICE)).status());
        assertEquals(404, refused(() -> get(api, "/entities/s01/attrs/nope", null, ALICE)).status());
        assertEquals(0, get(api, "/entities", "type=compute", new NgsiEntities.Who("carol", false)).body().size());
        for (String[] bad : new String[][] {{"type=vm", "type"}, {"limit=0", "limit"}, {"limit=1001", "limit"},
            {"offset=-1", "offset"}, {"idPattern=(", "idPattern"}, {"q=cpu>3", "q"}, {"options=sysAttrs", "options"}}) {
            Problem p = refused(() -> get(api, "/entities", bad[0], ALICE));
            assertEquals(bad[0], 400, p.status());
            assertEquals(bad[0], bad[1], p.attribute());
        }
        assertEquals(405, refused(() -> api.handle("POST", "/entities", Map.of(), null, ALICE)).status());
        monitored.down = true;
        assertEquals(502, refused(() -> get(api, "/entities/g01", null, ALICE)).status());
    }

    @Test
    public void subscriptionsAreCheckedAndEachUserSeesTheirOwn() throws Exception {
        NgsiApi api = api();
        String ok = "{\"subject\":{\"entities\":[{\"id\":\"g01\",\"type\":\"compute\"}],"
                + "\"condition\":{\"attrs\":[\"cpu\"],\"notifyOn\":\"threshold\",\"threshold\":{\"above\":80}}},"
                + "\"notification\":{\"http\":{\"url\":\"http://127.0.0.1:9/n\"},\"attrs\":[\"cpu\"]},"
                + "\"throttling\":5}";
        NgsiApi.Answer created = api.handle("POST", "/subscriptions", Map.of(), json(ok), ALICE);
        assertEquals(201, created.status());
        String location = created.headers().get("Location");
        assertTrue(location, location.matches("/v2/subscriptions/[0-9a-f]{24}"));
        String id = location.substring(location.lastIndexOf('/') + 1);
        JsonNode s = get(api, "/subscriptions/" + id, null, ALICE).body();
        assertEquals("active", s.get("status").asText());
        assertEquals(80, s.at("/subject/condition/threshold/above").asInt());
        assertEquals(0, s.at("/notification/timesSent").asInt());
        assertEquals(1, get(api, "/subscriptions", null, ALICE).body().size());
        assertEquals(0, get(api, "/subscriptions", null, BOB).body().size());
        assertEquals(1, get(api, "/subscriptions", null, ADMIN).body().size());
        assertEquals(404, refused(() -> get(api, "/subscriptions/" + id, null, BOB)).status());
        assertEquals(404, refused(() -> api.handle("DELETE", "/subscriptions/" + id, Map.of(), null, BOB)).status());

        assertEquals(204, api.handle("PATCH", "/subscriptions/" + id, Map.of(), json("{\"status\":\"inactive\"}"),
                ALICE).status());
        assertEquals("inactive", get(api, "/subscriptions/" + id, null, ALICE).body().get("status").asText());
        assertEquals(400, refused(() -> api.handle("PATCH", "/subscriptions/" + id, Map.of(),
                json("{\"status\":\"paused\"}"), ALICE)).status());
        assertEquals(204, api.handle("DELETE", "/subscriptions/" + id, Map.of(), null, ALICE).status());
        assertEquals(404, refused(() -> get(api, "/subscriptions/" + id, null, ALICE)).status());

        // bob may not subscribe to alice's entity: the same 404 as an unknown one
        Problem hidden = refused(() -> api.handle("POST", "/subscriptions", Map.of(), json(ok), BOB));
        assertEquals(404, hidden.status());
        assertEquals("subject.entities[0].id", hidden.attribute());
    }

    @Test
    public void malformedSubscriptionsNameTheField() throws Exception {
        NgsiApi api = api();
        String[][] cases = {
            {"{}", "subject"},
            {"{\"subject\":{\"entities\":[]},\"notification\":{\"http\":{\"url\":\"http://127.0.0.1/\"}}}",
                "subject.entities"},
            {"{\"subject\":{\"entities\":[{\"type\":\"compute\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1/\"}}}", "subject.entities[0].id"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\",\"type\":\"vm\"}]},\"notification\":{\"http\":"
                + "{\"url\":\"http://127.0.0.1/\"}}}", "subject.entities[0].type"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\"(\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1/\"}}}", "subject.entities[0].idPattern"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]}}", "notification"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"ftp://127.0.0.1/\"}}}", "notification.http.url"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"file:///etc/passwd\"}}}", "notification.http.url"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://10.0.0.1/\"}}}", "notification.http.url"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"https://hooks.example:443/\"}}}", "notification.http.url"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"mqtt\":{}}}",
                "notification.mqtt"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}],\"condition\":{\"notifyOn\":\"sometimes\"}},"
                + "\"notification\":{\"http\":{\"url\":\"http://127.0.0.1/\"}}}", "subject.condition.notifyOn"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}],\"condition\":{\"attrs\":[\"cpu\"],"
                + "\"notifyOn\":\"threshold\"}},\"notification\":{\"http\":{\"url\":\"http://127.0.0.1/\"}}}",
                "subject.condition.threshold"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}],\"condition\":{\"notifyOn\":\"threshold\","
                + "\"threshold\":{\"above\":1}}},\"notification\":{\"http\":{\"url\":\"http://127.0.0.1/\"}}}",
                "subject.condition.attrs"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}],\"condition\":{\"expression\":{\"q\":\"a>1\"}}},"
                + "\"notification\":{\"http\":{\"url\":\"http://127.0.0.1/\"}}}", "subject.condition.expression"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1/\"}},\"throttling\":-1}", "throttling"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1/\"}},\"expires\":\"tomorrow\"}", "expires"},
            {"{\"subject\":{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1/\"}},\"colour\":\"red\"}", "colour"},
        };
        for (String[] c : cases) {
            Problem p = refused(() -> api.handle("POST", "/subscriptions", Map.of(), json(c[0]), ALICE));
            assertEquals(c[0] + ": " + p.detail(), 400, p.status());
            assertEquals(c[0] + ": " + p.detail(), c[1], p.attribute());
        }
        // loopback is an admin's (or listed); the allowlist is everyone's
        for (String url : new String[] {"http://localhost:8080/n", "http://[::1]:9/n", "http://127.0.0.2/",
            "https://hooks.example:8443/n"}) {
            assertEquals(url, 201, api.handle("POST", "/subscriptions", Map.of(), json("{\"subject\":{\"entities\":"
                    + "[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":\"" + url + "\"}}}"),
                    ADMIN).status());
        }
        for (String url : new String[] {"http://localhost:8080/n", "http://[::1]:9/n", "http://127.0.0.2/"}) {
            Problem p = refused(() -> api.handle("POST", "/subscriptions", Map.of(), json("{\"subject\":"
                    + "{\"entities\":[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":\"" + url
                    + "\"}}}"), ALICE));
            assertEquals(url, 403, p.status());
            assertEquals(url, "notification.http.url", p.attribute());
        }
        assertEquals(201, api.handle("POST", "/subscriptions", Map.of(), json("{\"subject\":{\"entities\":"
                + "[{\"idPattern\":\".*\"}]},\"notification\":{\"http\":{\"url\":\"https://hooks.example:8443/n"
                + "\"}}}"), ALICE).status());
    }

    static JsonNode json(String s) throws Exception {
        return FakeMonitored.MAPPER.readTree(s);
    }
}
