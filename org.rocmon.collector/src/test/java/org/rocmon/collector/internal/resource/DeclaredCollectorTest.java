package org.rocmon.collector.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.runtime.SensorAdmission;

public class DeclaredCollectorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Fakes.Catalog catalog;
    private Pools pools;
    private CollectorManager manager;
    private ResourceApi api;
    private Path data;

    @Before
    public void setUp() throws Exception {
        catalog = new Fakes.Catalog().metric("CPUPercent", Fakes.Counting::new)
                .metric("IsReachable", Fakes.Counting::new);
        data = tmp.newFolder("data").toPath();
        pools = new Pools(16, 1000, 10_000);
        manager = new CollectorManager(catalog, new Fakes.Edges(), new AtomicReference<SensorAdmission>()::get,
                new CollectorStore(data), new TargetResolver(8080), HostFacts.collect(), 10, pools, 100);
        api = new ResourceApi(manager);
    }

    @After
    public void tearDown() {
        manager.close();
        pools.close();
    }

    private static Map<String, Object> props(String pid, String key, String value) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", pid);
        p.put("resource", "g01");
        p.put(key, value);
        return p;
    }

    private ApiResponse call(String method, String path) {
        return Requests.handle(api, method, path, "application/json", 0, new ByteArrayInputStream(new byte[0]));
    }


    @Test
    public void aConfigurationDefinesUpdatesAndDeletesItsCollector() throws Exception {
        DeclaredCollector d = new DeclaredCollector(
                props("decl~c01", "description", ResourceApiTest.listing2("5")), manager, data, pools.scheduler, 20);
        assertNotNull(manager.collector("g01", "c01"));
        ApiResponse get = call("GET", "/g01/collector/c01");
        assertEquals(200, get.status);
        assertEquals("config:decl~c01", ((com.fasterxml.jackson.databind.JsonNode) get.body).get("declaredBy")
                .asText());

        ApiResponse refused = call("DELETE", "/g01/collector/c01");
        assertEquals(409, refused.status);
        assertEquals(409, call("DELETE", "/g01/").status);
        assertNotNull(manager.collector("g01", "c01"));

        d.modified(props("decl~c01", "description", ResourceApiTest.listing2("7")));
        assertEquals(7000L, manager.collector("g01", "c01").spec().periodMillis);

        d.deactivate(DeclaredCollector.REASON_CONFIGURATION_DELETED);
        assertNull(manager.collector("g01", "c01"));
        assertEquals(404, call("GET", "/g01/collector/c01").status);
    }

    @Test
    public void aStoppingComponentKeepsTheCollectorAndRestCanDeleteItAgain() throws Exception {
        DeclaredCollector d = new DeclaredCollector(
                props("decl~c01", "description", ResourceApiTest.listing2("5")), manager, data, pools.scheduler, 20);
        d.deactivate(6); // bundle stopped
        assertNotNull(manager.collector("g01", "c01"));
        assertEquals(204, call("DELETE", "/g01/collector/c01").status);
    }

    @Test
    public void aFileRelativeToTheDataFolderAndAnExplicitCollectorId() throws Exception {
        Files.writeString(data.resolve("c.json"), ResourceApiTest.listing2("5").replace("\"id\": \"c01\",", ""));
        Map<String, Object> p = props("decl~f", "file", "c.json");
        p.put("collector", "c07");
        DeclaredCollector d = new DeclaredCollector(p, manager, data, pools.scheduler, 20);
        assertNotNull(manager.collector("g01", "c07"));
        assertEquals("g01", d.declared()[0]);
    }

    @Test
    public void badDeclarationsAreCountedAndKeepThePreviousDefinition() throws Exception {
        DeclaredCollector d = new DeclaredCollector(
                props("decl~c01", "description", ResourceApiTest.listing2("5")), manager, data, pools.scheduler, 20);
        d.modified(props("decl~c01", "description", ResourceApiTest.listing2("-1")));
        assertEquals(1, manager.refusedDeclarations());
        assertEquals(5000L, manager.collector("g01", "c01").spec().periodMillis);

        Map<String, Object> noResource = props("decl~x", "description", ResourceApiTest.listing2("5"));
        noResource.remove("resource");
        new DeclaredCollector(noResource, manager, data, pools.scheduler, 20);
        new DeclaredCollector(props("decl~y", "description", "[1]"), manager, data, pools.scheduler, 20);
        new DeclaredCollector(props("decl~z", "file", "missing.json"), manager, data, pools.scheduler, 20);
        assertEquals(4, manager.refusedDeclarations());
        assertFalse(manager.resourceIds().isEmpty());
        assertEquals(1, manager.resource("g01").size());
    }

    @Test
    public void aDeclarationWaitsForAMixinThatIsNotInstalledYet() throws Exception {
        catalog.metrics.remove(Fakes.METRIC + "IsReachable");
        DeclaredCollector d = new DeclaredCollector(
                props("decl~c01", "description", ResourceApiTest.listing2("5")), manager, data, pools.scheduler, 20);
        assertNull("refused while IsReachable is missing", manager.collector("g01", "c01"));
        assertEquals(1, manager.refusedDeclarations());
        catalog.metric("IsReachable", Fakes.Counting::new); // the mixin bundle comes up
        long until = System.currentTimeMillis() + 5_000;
        while (manager.collector("g01", "c01") == null && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertNotNull("defined once the mixin is there", manager.collector("g01", "c01"));
        assertEquals("the retries are not counted as more refusals", 1, manager.refusedDeclarations());
        d.deactivate(DeclaredCollector.REASON_CONFIGURATION_DELETED);
        assertNull(manager.collector("g01", "c01"));
    }

    @Test
    public void aDeletedConfigurationStopsWaiting() throws Exception {
        catalog.metrics.remove(Fakes.METRIC + "IsReachable");
        DeclaredCollector d = new DeclaredCollector(
                props("decl~c01", "description", ResourceApiTest.listing2("5")), manager, data, pools.scheduler, 20);
        d.deactivate(DeclaredCollector.REASON_CONFIGURATION_DELETED);
        catalog.metric("IsReachable", Fakes.Counting::new);
        Thread.sleep(200); // ten retry intervals: none may define it
        assertNull(manager.collector("g01", "c01"));
    }
}
