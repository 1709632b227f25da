package org.rocmon.collector.internal.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.rocmon.collector.internal.edge.EdgeTestSupport.await;
import static org.rocmon.collector.internal.edge.EdgeTestSupport.value;

import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.runtime.CollectorEdge;

public class WebSocketEdgeTest {

    private EdgeService edges;
    private TestSensorServer server;

    @Before
    public void setUp() {
        edges = new EdgeService(EdgeTestSupport.config());
    }

    @After
    public void tearDown() throws Exception {
        edges.close();
        if (server != null) {
            server.close();
        }
    }

    private static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/sensor/s01/");
    }

    private static long counter(CollectorEdge edge, String name) {
        return edge.status().counters.get(name);
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    public void deliversFramesInOrderWithHeaderAndData() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        CollectorEdge edge = edges.open("c01", uri(server.port()), 100);
        for (int i = 1; i <= 50; i++) {
            edge.send(value(i));
        }
        await("50 frames", () -> server.state.accepted.size() == 50);
        assertEquals(seqs(1, 50), server.state.accepted);
        assertEquals("c01", server.collectorHeaders.get(0));
        JsonNode first = server.state.frames.get(0);
        assertEquals("c01", first.get("collector").asText());
        assertEquals(1, first.get("data").get("a").asLong());
        assertTrue(first.get("epoch").asLong() > 0);
        assertTrue(first.get("ts").asLong() > 0);
        await("all acked", () -> counter(edge, "acked") == 50);
        assertEquals(0L, counter(edge, "buffered"));
        assertEquals(50L, counter(edge, "sent"));
        assertEquals("connected", edge.status().state);
        assertEquals(0, server.state.duplicates.get());
    }

    @Test
    public void valueObjectsCarryUnitAndState() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        CollectorEdge edge = edges.open("c01", uri(server.port()), 10);
        long now = System.currentTimeMillis();
        edge.send(Map.of("b", Measurement.of(true, now).withUnit("ms").withState(State.OK)));
        await("one frame", () -> server.state.frames.size() == 1);
        JsonNode b = server.state.frames.get(0).get("data").get("b");
        assertTrue(b.get("value").asBoolean());
        assertEquals("ms", b.get("unit").asText());
        assertEquals("OK", b.get("state").asText());
        assertEquals(now, server.state.frames.get(0).get("ts").asLong());
    }

    @Test
    public void acksTrimTheBuffer() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        server.ack = false;
        CollectorEdge edge = edges.open("c01", uri(server.port()), 100);
        for (int i = 1; i <= 10; i++) {
            edge.send(value(i));
        }
        await("10 frames sent", () -> counter(edge, "sent") == 10);
        assertEquals(10L, counter(edge, "buffered"));
        assertEquals(0L, counter(edge, "acked"));
        long epoch = edge.status().counters.get("epoch");
        server.sendAck(6, epoch + 1); // another epoch: must not trim
        server.sendAck(6, epoch);
        await("ack 6 applied", () -> counter(edge, "acked") == 6);
        assertEquals(4L, counter(edge, "buffered"));
        server.sendAck(10, epoch);
        await("ack 10 applied", () -> counter(edge, "buffered") == 0);
        assertEquals(seqs(1, 10), server.state.accepted);
    }

    @Test
    public void reconnectsAfterSensorRestartWithoutLossOrDuplicates() throws Exception {
        TestSensorServer.State remembered = new TestSensorServer.State();
        server = new TestSensorServer(0, remembered);
        int port = server.port();
        CollectorEdge edge = edges.open("c01", uri(port), 1000);
        for (int i = 1; i <= 20; i++) {
            edge.send(value(i));
        }
        await("20 frames", () -> remembered.accepted.size() == 20);
        server.close();
        await("edge notices", () -> !"connected".equals(edge.status().state));
        for (int i = 21; i <= 40; i++) {
            edge.send(value(i));
            Thread.sleep(5);
        }
        server = new TestSensorServer(port, remembered);
        await("40 frames", () -> remembered.accepted.size() == 40);
        await("all acked", () -> counter(edge, "buffered") == 0);
        assertEquals(seqs(1, 40), remembered.accepted);
        assertTrue(counter(edge, "reconnects") >= 1);
        List<Long> values = new ArrayList<>();
        for (JsonNode f : remembered.frames) {
            values.add(f.get("data").get("a").asLong());
        }
        assertEquals(seqs(1, 40), values);
    }

    @Test
    public void unackedFramesAreResentToASensorThatLostThem() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        server.ack = false;
        int port = server.port();
        CollectorEdge edge = edges.open("c01", uri(port), 100);
        for (int i = 1; i <= 5; i++) {
            edge.send(value(i));
        }
        await("5 sent", () -> counter(edge, "sent") == 5);
        server.close();
        // a sensor that restarted with no memory: it must get all five again
        server = new TestSensorServer(port, new TestSensorServer.State());
        await("5 frames again", () -> server.state.accepted.size() == 5);
        assertEquals(seqs(1, 5), server.state.accepted);
        await("acked", () -> counter(edge, "buffered") == 0);
    }

    @Test
    public void dropsOldestWhenTheBufferOverflows() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CollectorEdge edge = edges.open("c01", uri(port), 5);
        for (int i = 1; i <= 12; i++) {
            edge.send(value(i));
        }
        assertEquals(7L, counter(edge, "dropped"));
        assertEquals(5L, counter(edge, "buffered"));
        server = new TestSensorServer(port, new TestSensorServer.State());
        await("5 frames", () -> server.state.accepted.size() == 5);
        assertEquals(seqs(8, 12), server.state.accepted);
    }

    @Test
    public void refusedUpgradeIsCountedAndRetried() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        server.refuse = true;
        CollectorEdge edge = edges.open("c01", uri(server.port()), 10);
        edge.send(value(1));
        await("two refusals", () -> counter(edge, "refused") >= 2);
        StatusDTO status = edge.status();
        assertEquals("connecting", status.state);
        assertTrue(status.reason, status.reason.contains("403"));
        assertEquals(1L, counter(edge, "buffered"));
        server.refuse = false;
        await("delivered once admitted", () -> server.state.accepted.size() == 1);
    }

    @Test
    public void aRefusalCarriesTheSensorsReason() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        server.refuse = true;
        server.refusalBody = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"no sensor s99\"}";
        CollectorEdge edge = edges.open("c09", uri(server.port()), 10);
        await("the sensor's reason", () -> String.valueOf(edge.status().reason).contains("no sensor s99"));
        StatusDTO status = edge.status();
        assertEquals("connecting", status.state);
        assertEquals(status.reason, "refused by the sensor (HTTP 403): no sensor s99", status.reason);
        assertEquals(403L, counter(edge, "refusal"));
        assertTrue(counter(edge, "failures") >= 1);
        server.refuse = false;
        edge.send(value(1));
        await("delivered once admitted", () -> server.state.accepted.size() == 1);
        assertEquals(0L, counter(edge, "refusal"));
        assertEquals(0L, counter(edge, "failures"));
        assertEquals(null, edge.status().reason);
    }

    @Test
    public void aRefusalWithoutABodyAsksTheSensorsResource() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        server.refuse = true;
        server.missing = true;
        CollectorEdge edge = edges.open("c09", uri(server.port()), 10);
        await("the sensor resource's reason",
                () -> String.valueOf(edge.status().reason).contains("(HTTP 403): no sensor s01"));
        assertEquals(403L, counter(edge, "refusal"));
    }

    @Test
    public void closeStopsEverythingAndLeavesNoThreads() throws Exception {
        server = new TestSensorServer(0, new TestSensorServer.State());
        CollectorEdge edge = edges.open("c01", uri(server.port()), 10);
        edge.send(value(1));
        await("delivered", () -> server.state.accepted.size() == 1);
        edge.close();
        edge.close(); // idempotent
        assertEquals("closed", edge.status().state);
        await("close frame", () -> server.closeFrames.get() == 1);
        await("socket gone", () -> server.openConnections() == 0);
        edge.send(value(2));
        Thread.sleep(300);
        assertEquals(1, server.upgrades.get());
        assertEquals(1, server.state.accepted.size());
        assertEquals(0, edges.openEdges());

        // an edge that keeps failing must not survive the service either
        server.refuse = true;
        CollectorEdge failing = edges.open("c02", uri(server.port()), 10);
        await("refused", () -> counter(failing, "refused") >= 1);
        edges.close();
        assertEquals("closed", failing.status().state);
        await("no edge threads", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("rocmon-edge-")));
        int attempts = server.collectorHeaders.size();
        Thread.sleep(400);
        assertEquals(attempts, server.collectorHeaders.size());
        assertFalse(failing.status().counters.isEmpty());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesNonWebSocketUris() {
        edges.open("c01", URI.create("http://127.0.0.1:1/sensor/s01/"), 10);
    }

    @Test
    public void backoffGrowsAndIsCapped() {
        Backoff b = new Backoff(100, 5000);
        for (int i = 0; i < 50; i++) {
            long first = b.delay(1);
            assertTrue(first >= 50 && first <= 100);
            long late = b.delay(30);
            assertTrue(late >= 2500 && late <= 5000);
        }
        assertTrue(b.delay(4) >= 400);
    }
}
