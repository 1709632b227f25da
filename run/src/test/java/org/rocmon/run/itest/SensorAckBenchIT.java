package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
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
 * Benchmark of issue 15.2 (figures in bench/README.md): frames per second a sensor takes in and acknowledges, fed
 * flat out by a collector edge, with durable acks ({@code ackDurability=disk}, the default: an ack waits for the
 * frame's commit to the sensor's ingest journal) and with acks from memory ({@code ackDurability=memory}), in one
 * run of one node, rounds alternated after a warm-up round of each. The edge keeps its own buffer in memory in both
 * ({@code buffer=memory}), so only the sensor's side differs; it goes through a loopback relay, as a remote
 * collector's would. Prints {@code BENCH sensor-acks:} lines; fails only when nothing flows or a mode is not the one
 * asked for.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SensorAckBenchIT {

    private static final String EDGES = "org.rocmon.collector.internal.edge.EdgeService";
    private static final String SENSORS = "org.rocmon.sensor";
    private static final long WINDOW_MS = 5_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void durableAcksThroughputAgainstMemory() throws Exception {
        Node node = new Node(context).awaitReady();
        Dictionary<String, Object> edgeProps = new Hashtable<>();
        edgeProps.put("buffer", "memory");
        configAdmin.getConfiguration(EDGES, "?").update(edgeProps);
        Node.Response r = node.post("/sensor/eb/", "{\"id\":\"eb\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/aggregator#EWMA\"],\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.EWMA.gain\":16,\"com.example.occi.monitoring.EWMA.instream\":\"a\","
                + "\"com.example.occi.monitoring.EWMA.outstream\":\"c\"},\"links\":[{\"id\":\"feed\"}]}");
        assertEquals(r.toString(), 201, r.code);
        try (LinkProxy relay = new LinkProxy(node.port)) {
            URI viaRelay = URI.create("ws://127.0.0.1:" + relay.port + "/sensor/eb/");
            round(node, "disk", viaRelay, true);
            round(node, "memory", viaRelay, true);
            double disk = 0;
            double memory = 0;
            for (int i = 1; i <= 2; i++) {
                disk += round(node, "disk", viaRelay, false) / 2;
                memory += round(node, "memory", viaRelay, false) / 2;
            }
            System.out.printf("BENCH sensor-acks: disk %.0f frames/s, memory %.0f frames/s: disk/memory %.2f "
                    + "(mean of two %d-ms windows each, after a warm-up round of each)%n", disk, memory,
                    disk / memory, WINDOW_MS);
        } finally {
            configAdmin.getConfiguration(SENSORS, "?").delete();
            configAdmin.getConfiguration(EDGES, "?").delete();
            node.delete("/sensor/eb/");
        }
    }

    /** @return frames per second acknowledged by the sensor during the window */
    private double round(Node node, String acks, URI sensor, boolean warmUp) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ackDurability", acks);
        configAdmin.getConfiguration(SENSORS, "?").update(props);
        // the sensor component restarts with the new mode and restores the sensor: wait until it reports the mode
        Node.await("the sensor with ackDurability=" + acks, 20_000, () -> acks.equals(ackMode(node)));
        Node.await("edges with buffer=memory", 20_000, () -> EdgeFeeder.edgesKeep(context, 0));
        double rate = EdgeFeeder.ackedPerSecond(context, sensor, warmUp, WINDOW_MS, edge -> assertEquals(
                "the sensor's acks were " + acks + " all along", acks, ackMode(node)));
        System.out.printf("BENCH sensor-acks: %s%s %.0f frames/s acknowledged%n", acks,
                warmUp ? " (warm-up)" : "", rate);
        return rate;
    }

    /** @return disk or memory, as the sensor's status says, or null while it is not there */
    @SuppressWarnings("unchecked")
    private static String ackMode(Node node) {
        Node.Response r = node.get("/sensor/eb/");
        if (r.code != 200) {
            return null;
        }
        Map<String, Object> status = (Map<String, Object>) Json.object(r.body).get("status");
        Object mode = ((Map<String, Object>) status.get("acks")).get("mode");
        return mode == null ? null : mode.toString().startsWith("disk") ? "disk" : mode.toString();
    }
}
