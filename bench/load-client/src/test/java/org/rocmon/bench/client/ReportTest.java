package org.rocmon.bench.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

public class ReportTest {

    @Test
    public void verdictsCompareTheSensorWithTheBareRunAndTheTargets() throws Exception {
        JsonNode s = new ObjectMapper().readTree("{"
                + "\"bare-a\":{\"client\":{\"ackedFramesPerSec\":1000}},"
                + "\"sensor-a\":{\"client\":{\"ackedFramesPerSec\":850}},"
                + "\"sensor-b\":{\"server\":{\"measurementsPerSec\":400000}},"
                + "\"sensor-c\":{\"connections\":10,\"stillConnected\":10,\"heap\":{\"afterBytes\":1000,\"perConnectionBytes\":50}}}");
        JsonNode v = Report.verdicts(s);
        assertEquals(0.85, v.get("a.ingestRatio").asDouble(), 1e-9);
        assertTrue(v.get("a.target").asText().endsWith("MET"));
        assertTrue(v.get("b.target").asText().endsWith("MISSED"));
        assertTrue(v.get("c.target").asText().endsWith("MET"));
        assertTrue(Report.table(s).contains("sensor-c"));
    }

    @Test
    public void sensorCounterRatesAreWindowDeltasPerSecond() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode before = m.readTree("{\"status\":{\"counters\":{\"in\":100,\"dropped\":0}}}");
        JsonNode after = m.readTree("{\"status\":{\"counters\":{\"in\":2100,\"dropped\":500,\"state\":\"x\"}}}");
        JsonNode r = LoadClient.counterRates(before, after, 2.0);
        assertEquals(1000, r.get("inPerSec").asLong());
        assertEquals(250, r.get("droppedPerSec").asLong());
        assertEquals(2, r.size());
    }

    @Test
    public void heapInfoUsedIsTheWholeHeapLine() {
        String info = "12345:\n garbage-first heap   total 262144K, used 20480K [0x00000000c0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 9000K, committed 9216K";
        assertEquals(20480L * 1024, HeapProbe.parseUsed(info));
        assertEquals(-1, HeapProbe.parseUsed("nothing"));
    }

    @Test
    public void serverStatsParseTheCountPublisherLine() throws Exception {
        ServerStats s = ServerStats.parse("{\"count\":7,\"ticks\":1,\"ts\":99,\"p50us\":5,\"p99us\":5,\"hist\":[[5,7]]}\n");
        assertEquals(7, s.count());
        assertEquals(-1, s.frames());
        assertEquals(99, s.ts());
        assertEquals(7, s.hist()[5]);
    }
}
