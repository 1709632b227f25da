package org.rocmon.collector.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.rocmon.collector.internal.resource.ResourceApiTest.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;

import org.rocmon.collector.internal.edge.EdgeService;
import org.rocmon.collector.internal.edge.EdgeTestSupport;
import org.rocmon.collector.internal.edge.TestSensorServer;

/** Listing 2 through the resource API, the real edge and a WebSocket server on 127.0.0.1. */
public class EndToEndTest {

    @Test
    public void listing2ReachesTheSensorInOrder() throws Exception {
        EdgeService edges = new EdgeService(EdgeTestSupport.config());
        Pools pools = new Pools(8, 1000, 10_000);
        try (TestSensorServer sensor = new TestSensorServer(0, new TestSensorServer.State())) {
            Fakes.Catalog catalog = new Fakes.Catalog().metric("CPUPercent", Fakes.Counting::new)
                    .metric("IsReachable", Fakes.Counting::new);
            CollectorManager manager = new CollectorManager(catalog, edges, () -> null, new CollectorStore(null),
                    new TargetResolver(sensor.port()), HostFacts.collect(), 100, pools, 100);
            ResourceApi api = new ResourceApi(manager);
            byte[] body = ResourceApiTest.listing2("0.05").getBytes(StandardCharsets.UTF_8);
            ApiResponse r = Requests.handle(api, "POST", "/g01/collector/c01", "application/json", body.length,
                    new ByteArrayInputStream(body));
            assertEquals(201, r.status);
            await("10 frames at the sensor", () -> sensor.state.frames.size() >= 10);
            assertEquals("c01", sensor.collectorHeaders.get(0));
            assertEquals("the edge announces its collector's URL", "http://127.0.0.1:" + sensor.port()
                    + "/resource/g01/collector/c01", sensor.sourceHeaders.get(0));
            List<Long> expected = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                JsonNode f = sensor.state.frames.get(i);
                expected.add(i + 1L);
                assertEquals(i + 1L, f.get("seq").asLong());
                JsonNode a = f.get("data").get("a");
                values.add((a.isObject() ? a.get("value") : a).asLong()); // {value, ts} when its ts differs
                assertTrue(f.get("data").has("b"));
            }
            assertEquals("one frame per round, values in order", expected, values);
            await("acked", () -> manager.collector("g01", "c01").edge().status().counters.get("acked") >= 10);

            assertEquals(204, Requests.handle(api, "DELETE", "/g01/", null, -1, null).status);
            // a frame sent just before the DELETE may still be on the wire: it arrives before the close frame
            await("the edge's close frame", () -> sensor.closeFrames.get() >= 1);
            int frames = sensor.state.frames.size();
            Thread.sleep(300);
            assertEquals(frames, sensor.state.frames.size());
            manager.close();
        } finally {
            pools.close();
            edges.close();
        }
        await("no collector threads", () -> Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.isAlive() && (t.getName().startsWith("rocmon-collector-")
                        || t.getName().startsWith("rocmon-metric-") || t.getName().startsWith("rocmon-edge-"))));
    }
}
