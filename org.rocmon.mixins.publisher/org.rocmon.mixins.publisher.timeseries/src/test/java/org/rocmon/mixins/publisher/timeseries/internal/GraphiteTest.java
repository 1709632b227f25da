package org.rocmon.mixins.publisher.timeseries.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;

public class GraphiteTest {

    private static Graphite open(int port, Object... more) throws InvalidAttributeException {
        String p = MixinContexts.prefix(Graphite.SCHEME, Graphite.TERM);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(p + "hostname", "127.0.0.1");
        attributes.put(p + "port", port);
        attributes.put(p + "input", "c");
        for (int i = 0; i < more.length; i += 2) {
            attributes.put(p + more[i], more[i + 1]);
        }
        Graphite graphite = new Graphite();
        graphite.open(AttributeContext.create(p, MixinContexts.specs(GraphiteFixtureTest.SPECS), "s01", attributes,
                3000,
                Map.of()));
        return graphite;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        server.setSoTimeout(2000);
        return server;
    }

    private static String readLines(BufferedReader in, int count) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(in.readLine()).append('\n');
        }
        return b.toString();
    }

    @Test
    public void carbonGoingAwayAndComingBackLosesNothing() throws Exception {
        ServerSocket carbon = listen(0);
        int port = carbon.getLocalPort();
        Graphite graphite = open(port);
        try {
            graphite.publish("c", Measurement.of(1, 1000));
            graphite.publish("c", Measurement.of(2, 2000));
            graphite.tick(2000);
            try (Socket s = carbon.accept()) {
                s.setSoTimeout(2000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("rocmon.s01.c 1 1\nrocmon.s01.c 2 2\n", readLines(in, 2));
            } // Carbon closes the connection ...
            carbon.close(); // ... and goes away

            graphite.publish("c", Measurement.of(3, 3000));
            try {
                graphite.tick(3000);
                fail("an unreachable Carbon must be thrown for the sensor to count");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("1 line(s) kept for the next tick"));
            }
            graphite.publish("c", Measurement.of(4, 4000));

            carbon = listen(port); // back on the same port
            graphite.tick(4000); // reconnects and sends what was kept, oldest first
            try (Socket s = carbon.accept()) {
                s.setSoTimeout(2000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("rocmon.s01.c 3 3\nrocmon.s01.c 4 4\n", readLines(in, 2));
                graphite.publish("c", Measurement.of(5, 5000));
                graphite.tick(5000); // the same connection is kept while it lives
                assertEquals("rocmon.s01.c 5 5\n", readLines(in, 1));
            }
        } finally {
            graphite.close();
            carbon.close();
        }
    }

    @Test
    public void pendingLinesAreBoundedOldestDroppedAndTheLossReportedOnce() throws Exception {
        int port;
        try (ServerSocket gone = listen(0)) {
            port = gone.getLocalPort();
        }
        Graphite graphite = open(port, "maxpending", 2);
        try {
            for (int i = 1; i <= 5; i++) {
                graphite.publish("c", Measurement.of(i, i * 1000L));
            }
            try {
                graphite.tick(5000);
                fail();
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("3 measurement(s) dropped")
                        && e.getMessage().contains("buffer full"));
            }
            try (ServerSocket carbon = listen(port)) {
                graphite.tick(6000); // no new loss: no exception; the two newest lines arrive
                try (Socket s = carbon.accept()) {
                    s.setSoTimeout(2000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    assertEquals("rocmon.s01.c 4 4\nrocmon.s01.c 5 5\n", readLines(in, 2));
                }
            }
        } finally {
            graphite.close();
        }
    }

    @Test
    public void channelPathsKeepFoldersAndReplaceTheRest() {
        assertEquals("a.b_c", Graphite.channelPath("a.b:c"));
        assertEquals("a.b", Graphite.channelPath(".a..b."));
        assertEquals("_", Graphite.channelPath("."));
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Graphite().close();
    }
}
