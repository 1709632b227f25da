package org.rocmon.collector.internal.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.LocalSensorLinks;

/** Collectors reaching a sensor of their own node through an in-process link instead of a socket. */
public class LocalDeliveryTest {

    private static final int NODE_PORT = 18_999; // nothing listens: every frame must go in-process
    private static final URI SENSOR = URI.create("ws://127.0.0.1:" + NODE_PORT + "/sensor/s01/");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Plays the sensor as the real one does: accepts seq above the last in the same epoch, acks what it has. */
    static final class FakeSensor implements LocalSensorLinks {
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final AtomicInteger opens = new AtomicInteger();
        volatile int refuseWith;
        volatile boolean withhold;
        volatile Peer peer;
        volatile String lastSource;
        long epoch;
        long last;

        @Override
        public Link open(String sensorId, String collectorId, String source, Peer p) throws LinkRefusedException {
            if (refuseWith != 0) {
                throw new LinkRefusedException(refuseWith, "refused by the test");
            }
            assertEquals("s01", sensorId);
            assertEquals("c01", collectorId);
            lastSource = source;
            opens.incrementAndGet();
            peer = p;
            p.text(ack());
            return new Link() {
                @Override
                public boolean frame(String text) {
                    try {
                        JsonNode n = JSON.readTree(text);
                        long e = n.path("epoch").asLong();
                        long seq = n.path("seq").asLong();
                        synchronized (FakeSensor.this) {
                            if (e != epoch) {
                                epoch = e;
                                last = 0;
                            }
                            if (seq > last) {
                                last = seq;
                                accepted.add(seq);
                            }
                        }
                        if (withhold) {
                            return false;
                        }
                        p.text(ack());
                        return true;
                    } catch (java.io.IOException ex) {
                        throw new AssertionError(ex);
                    }
                }

                @Override
                public void close() {
                }
            };
        }

        synchronized String ack() {
            return "{\"ack\":" + last + ",\"epoch\":" + epoch + "}";
        }
    }

    private EdgeService edges;
    private final FakeSensor sensor = new FakeSensor();

    @Before
    public void setUp() {
        edges = new EdgeService(EdgeTestSupport.config(), org.rocmon.api.security.PeerCredentials.none(), null, NODE_PORT);
        edges.bindLocalLinks(sensor);
    }

    @After
    public void tearDown() {
        edges.close();
    }

    private static long counter(CollectorEdge edge, String name) {
        return edge.status().counters.get(name);
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    public void framesGoInProcessInOrderAndAreAcknowledged() throws Exception {
        CollectorEdge edge = edges.open("c01", URI.create(SENSOR + "?source=http://127.0.0.1:1/resource/g01/"), 100);
        for (int i = 0; i < 50; i++) {
            edge.send(EdgeTestSupport.value(i));
        }
        EdgeTestSupport.await("50 frames acknowledged", () -> counter(edge, "acked") == 50);
        assertEquals(seqs(1, 50), sensor.accepted);
        assertEquals(1L, counter(edge, "local"));
        assertEquals(0L, counter(edge, "buffered"));
        assertEquals("connected", edge.status().state);
        assertEquals("http://127.0.0.1:1/resource/g01/", sensor.lastSource);
    }

    @Test
    public void aRefusedLinkIsCountedAndRetriedUntilAdmitted() throws Exception {
        sensor.refuseWith = 403;
        CollectorEdge edge = edges.open("c01", SENSOR, 100);
        edge.send(EdgeTestSupport.value(1));
        EdgeTestSupport.await("a refusal", () -> counter(edge, "refused") >= 1);
        assertEquals("the sensor's own reason", "refused by the sensor (HTTP 403): refused by the test",
                edge.status().reason);
        assertEquals(403L, counter(edge, "refusal"));
        sensor.refuseWith = 0;
        EdgeTestSupport.await("the frame delivered once admitted", () -> counter(edge, "acked") == 1);
        assertEquals(List.of(1L), sensor.accepted);
    }

    @Test
    public void aLinkClosedBySensorReconnectsAndResendsOnlyWhatWasNotTaken() throws Exception {
        CollectorEdge edge = edges.open("c01", SENSOR, 100);
        for (int i = 0; i < 10; i++) {
            edge.send(EdgeTestSupport.value(i));
        }
        EdgeTestSupport.await("10 acked", () -> counter(edge, "acked") == 10);
        sensor.peer.closed(1001, "the sensor service is restarting");
        for (int i = 10; i < 20; i++) {
            edge.send(EdgeTestSupport.value(i));
        }
        EdgeTestSupport.await("all 20 acked after reconnecting", () -> counter(edge, "acked") == 20);
        assertTrue(sensor.opens.get() >= 2);
        assertEquals("exactly once, in order", seqs(1, 20), sensor.accepted);
    }

    @Test
    public void aWithheldAckStopsSendingUntilTheSensorReleasesIt() throws Exception {
        CollectorEdge edge = edges.open("c01", SENSOR, 100);
        EdgeTestSupport.await("connected", () -> "connected".equals(edge.status().state));
        sensor.withhold = true;
        edge.send(EdgeTestSupport.value(1));
        edge.send(EdgeTestSupport.value(2));
        EdgeTestSupport.await("the first frame taken", () -> sensor.accepted.size() == 1);
        Thread.sleep(300); // proving absence: nothing more is sent while the ack is withheld
        assertEquals(List.of(1L), sensor.accepted);
        sensor.withhold = false;
        sensor.peer.text(sensor.ack());
        EdgeTestSupport.await("the second frame after the release", () -> counter(edge, "acked") == 2);
        assertEquals(seqs(1, 2), sensor.accepted);
    }

    @Test
    public void onlySensorsOfThisNodeGoInProcess() {
        assertEquals("s01", EdgeService.localSensor(SENSOR, NODE_PORT));
        assertEquals("s01", EdgeService.localSensor(URI.create("ws://localhost:18999/sensor/s01"), NODE_PORT));
        assertNull(EdgeService.localSensor(URI.create("ws://127.0.0.1:18998/sensor/s01/"), NODE_PORT));
        assertNull(EdgeService.localSensor(URI.create("ws://10.1.2.3:18999/sensor/s01/"), NODE_PORT));
        assertNull(EdgeService.localSensor(URI.create("wss://127.0.0.1:18999/sensor/s01/"), NODE_PORT));
        assertNull(EdgeService.localSensor(URI.create("ws://127.0.0.1:18999/sensor/s01/collector/x"), NODE_PORT));
    }
}
