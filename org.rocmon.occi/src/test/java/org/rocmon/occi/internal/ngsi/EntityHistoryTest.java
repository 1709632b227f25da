package org.rocmon.occi.internal.ngsi;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/** History through the front end: ownership, the node's paths, merging a resource's collectors, problems passed on. */
public class EntityHistoryTest {

    /** Answers history paths from a map; records what was asked. */
    static final class Nodes extends FakeMonitored {
        final Map<String, NodeClient.Reply> replies = new java.util.HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public NodeClient.Reply history(Entity sensor, String pathAndQuery) {
            asked.add(pathAndQuery);
            return replies.getOrDefault(pathAndQuery, new NodeClient.Reply(404, "{\"status\":404,\"detail\":"
                    + "\"channel not recorded\",\"attribute\":\"channel\",\"available\":[\"x\"]}"));
        }
    }

    final Nodes nodes = new Nodes();
    final NgsiEntities entities = new NgsiEntities(nodes);
    final EntityHistory history = new EntityHistory(entities, nodes);

    public EntityHistoryTest() {
        nodes.entity("g01", Model.COMPUTE, "alice", null).entity("s01", Model.SENSOR, "alice", null)
                .entity("s02", Model.SENSOR, "alice", null).entity("c01", Model.COLLECTOR, "alice", "g01")
                .entity("c02", Model.COLLECTOR, "alice", "g01").entity("c03", Model.COLLECTOR, "bob", "g01");
        nodes.stored.get("c01").target = "s01";
        nodes.stored.get("c02").target = "s02";
        nodes.stored.get("c03").target = "s02";
    }

    @Test
    public void aSensorsChannelIsTheNodesAnswerWithTheEntityNamed() throws Exception {
        nodes.replies.put("/history/s01/cpu?lastN=2", new NodeClient.Reply(200,
                "{\"sensor\":\"s01\",\"channel\":\"cpu\",\"values\":[{\"value\":1,\"ts\":5}]}"));
        JsonNode a = history.get(NgsiApiTest.ALICE, "s01", "cpu", NgsiApiTest.query("lastN=2&type=sensor")).body();
        assertEquals("s01", a.get("entity").asText());
        assertEquals("sensor", a.get("type").asText());
        assertEquals(1, a.get("values").get(0).get("value").asInt());
    }

    @Test
    public void aResourcesAttributeMergesTheCollectorsTheCallerSees() throws Exception {
        nodes.replies.put("/history/s01/cpu?lastN=9&source=c01", new NodeClient.Reply(200,
                "{\"sensor\":\"s01\",\"channel\":\"cpu\",\"values\":[{\"value\":1,\"ts\":5},{\"value\":3,\"ts\":9}]}"));
        nodes.replies.put("/history/s02/cpu?lastN=9&source=c02", new NodeClient.Reply(200,
                "{\"sensor\":\"s02\",\"channel\":\"cpu\",\"values\":[{\"value\":2,\"ts\":7}]}"));
        JsonNode a = history.get(NgsiApiTest.ALICE, "g01", "cpu", NgsiApiTest.query("lastN=9")).body();
        assertEquals("[{\"value\":1,\"ts\":5},{\"value\":2,\"ts\":7},{\"value\":3,\"ts\":9}]", a.get("values").toString());
        assertEquals("compute", a.get("type").asText());
        assertEquals(List.of("/history/s01/cpu?lastN=9&source=c01", "/history/s02/cpu?lastN=9&source=c02"), nodes.asked);
    }

    @Test
    public void othersEntitiesAreMissingAndTheNodesProblemsArePassedOn() {
        Problem hidden = NgsiApiTest.refused(() -> history.get(NgsiApiTest.BOB, "s01", "cpu", Map.of()));
        assertEquals(404, hidden.status());
        Problem channel = NgsiApiTest.refused(() -> history.get(NgsiApiTest.ALICE, "s01", "mem", Map.of()));
        assertEquals(404, channel.status());
        assertEquals("channel", channel.attribute());
        nodes.replies.put("/history/s01/cpu?lastN=0", new NodeClient.Reply(400,
                "{\"status\":400,\"detail\":\"lastN must be 1..1000\",\"attribute\":\"lastN\"}"));
        Problem bad = NgsiApiTest.refused(() -> history.get(NgsiApiTest.ALICE, "s01", "cpu",
                NgsiApiTest.query("lastN=0")));
        assertEquals(400, bad.status());
        assertEquals("lastN", bad.attribute());
        assertEquals("type", NgsiApiTest.refused(() -> history.get(NgsiApiTest.ALICE, "s01", "cpu",
                NgsiApiTest.query("type=vm"))).attribute());
        assertEquals("source", NgsiApiTest.refused(() -> history.get(NgsiApiTest.ALICE, "g01", "cpu",
                NgsiApiTest.query("source=c03"))).attribute());
    }
}
