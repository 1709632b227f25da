package org.rocmon.bench.client;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

public class FrameWriterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    public void writesTheCollectorProtocolEnvelope() throws Exception {
        JsonNode f = mapper.readTree(new FrameWriter("b3", 1000, 1).frame(42, 1234));
        assertEquals("b3", f.get("collector").asText());
        assertEquals(1000, f.get("epoch").asLong());
        assertEquals(42, f.get("seq").asLong());
        assertEquals(1234, f.get("ts").asLong());
        assertEquals(42.5, f.get("data").get("a").asDouble(), 0);
        assertEquals(1, f.get("data").size());
    }

    @Test
    public void manyChannelFramesNameTheChannelsTheSensorCounts() throws Exception {
        JsonNode data = mapper.readTree(new FrameWriter("b0", 1, 100).frame(1, 1)).get("data");
        assertEquals(100, data.size());
        assertEquals(99.5, data.get(FrameWriter.extraChannel(99)).asDouble(), 0);
        JsonNode attrs = SensorDefinition.build("s", 2, 100, "/tmp/x.json", 0.2).get("attributes");
        for (int i = 1; i < 100; i++) {
            assertEquals(FrameWriter.extraChannel(i), attrs.get("com.example.occi.monitoring.Count.in" + i).asText());
        }
    }

    @Test
    public void sensorDefinitionAdmitsEveryLoadCollector() {
        JsonNode def = SensorDefinition.build("sensor-a", 3, 1, "/tmp/x.json", 0.2);
        assertEquals("[\"b0\",\"b1\",\"b2\"]", def.get("links").toString());
        assertEquals("c", def.get("attributes").get("com.example.occi.monitoring.Count.input").asText());
        assertEquals(null, def.get("attributes").get("com.example.occi.monitoring.Count.in1"));
    }
}
