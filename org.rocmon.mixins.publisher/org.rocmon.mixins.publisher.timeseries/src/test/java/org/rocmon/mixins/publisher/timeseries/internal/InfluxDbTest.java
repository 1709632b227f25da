package org.rocmon.mixins.publisher.timeseries.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingHttpServer;

public class InfluxDbTest {

    @Rule
    public final RecordingHttpServer server = new RecordingHttpServer();

    private static InfluxDb open(String url, Object... more) throws InvalidAttributeException {
        String p = MixinContexts.prefix(InfluxDb.SCHEME, InfluxDb.TERM);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(p + "url", url);
        attributes.put(p + "input", "c");
        for (int i = 0; i < more.length; i += 2) {
            attributes.put(p + more[i], more[i + 1]);
        }
        InfluxDb influx = new InfluxDb();
        influx.open(AttributeContext.create(p, MixinContexts.specs(InfluxDbFixtureTest.SPECS), "s01", attributes, 3000,
                Map.of()));
        return influx;
    }

    @Test
    public void v2WriteCarriesTokenAndPrecisionAndBatchesUntilTick() throws Exception {
        InfluxDb influx = open(server.base() + "/api/v2/write?org=o&bucket=b&precision=ms", "token", "secret",
                "batch", 3);
        try {
            influx.publish("c", Measurement.of(1, 1000));
            influx.publish("other", Measurement.of(9, 1000));
            influx.publish("c", Measurement.of(2.5, 2000));
            assertEquals("nothing before the batch is full or the tick", 0, server.requests.size());
            influx.publish("c", Measurement.of(3, 3000));
            assertEquals("a full batch leaves at once", 1, server.requests.size());
            influx.publish("c", Measurement.of(4, 4000));
            influx.tick(5000);
        } finally {
            influx.close();
        }
        assertEquals(2, server.requests.size());
        RecordingHttpServer.Request first = server.requests.get(0);
        assertEquals("/api/v2/write?org=o&bucket=b&precision=ms", first.uri);
        assertEquals("Token secret", first.authorization);
        assertTrue(first.contentType, first.contentType.startsWith("text/plain"));
        assertEquals("rocmon,sensor=s01 c=1 1000\nrocmon,sensor=s01 c=2.5 2000\nrocmon,sensor=s01 c=3 3000\n",
                first.body);
        assertEquals("rocmon,sensor=s01 c=4 4000\n", server.requests.get(1).body);
    }

    @Test
    public void serverErrorKeepsLinesForTheNextTickAndClientErrorDropsThem() throws Exception {
        InfluxDb influx = open(server.base() + "/write?db=rocmon", "tags", "host=h1");
        try {
            server.answers.add(503);
            influx.publish("c", Measurement.of(1, 1));
            try {
                influx.tick(1);
                fail("a 503 must be thrown for the sensor to count");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("503") && e.getMessage().contains("1 line(s) kept"));
            }
            influx.publish("c", Measurement.of(2, 2));
            influx.tick(2); // 204: both lines, the old first
            assertEquals("rocmon,host=h1,sensor=s01 c=1 1000000\nrocmon,host=h1,sensor=s01 c=2 2000000\n",
                    server.requests.get(1).body);

            server.answers.add(400);
            influx.publish("c", Measurement.of(3, 3));
            try {
                influx.tick(3);
                fail("a 400 must be thrown");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("400"));
            }
            influx.tick(4); // the refused batch is gone: nothing is sent again, and the loss was already reported
            assertEquals(3, server.requests.size());
        } finally {
            influx.close();
        }
    }

    @Test
    public void unreachableServerIsTriedOncePerTickAndThePendingBoundDropsOldest() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = gone.getLocalPort();
        }
        InfluxDb influx = open("http://127.0.0.1:" + port + "/write?db=x", "batch", 2, "maxpending", 3);
        try {
            influx.publish("c", Measurement.of(1, 1));
            try {
                influx.publish("c", Measurement.of(2, 2)); // full batch: tried at once, fails
                fail("connection refused must be thrown");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("kept for the next tick"));
            }
            long t0 = System.nanoTime();
            influx.publish("c", Measurement.of(3, 3)); // held until the tick: no new attempt
            influx.publish("c", Measurement.of(4, 4)); // bound 3: drops the oldest
            assertTrue("publish must not retry a dead server", System.nanoTime() - t0 < 500_000_000L);
            try {
                influx.tick(5);
                fail();
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("1 measurement(s) dropped"));
            }
        } finally {
            influx.close();
        }
    }

    @Test
    public void nonFiniteNumbersAreDroppedAndReportedOnce() throws Exception {
        InfluxDb influx = open(server.base() + "/write?db=x");
        try {
            influx.publish("c", Measurement.of(Double.NaN, 1));
            influx.publish("c", Measurement.of(Double.POSITIVE_INFINITY, 2));
            influx.publish("c", Measurement.of(7, 3));
            try {
                influx.tick(3);
                fail();
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("2 measurement(s) dropped")
                        && e.getMessage().contains("not a finite number"));
            }
            influx.tick(4); // nothing new: no exception
            assertEquals("rocmon,sensor=s01 c=7 3000000\n", server.requests.get(0).body);
        } finally {
            influx.close();
        }
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new InfluxDb().close();
    }
}
