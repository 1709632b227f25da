package org.rocmon.collector.internal.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.rocmon.collector.internal.edge.EdgeTestSupport.await;
import static org.rocmon.collector.internal.edge.EdgeTestSupport.value;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.security.PeerCredentials;

/** Edges whose unacknowledged frames live in {@link DiskJournals}: they outlive the process that buffered them. */
public class DurableEdgeTest {

    private Path dir;
    private Path file;
    private EdgeService edges;
    private DiskJournals journals;
    private TestSensorServer server;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("rocmon-edges-");
        file = dir.resolve("edges.mv.db");
    }

    @After
    public void tearDown() throws Exception {
        if (edges != null) {
            edges.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A node's edge service on {@link #file}, as after a (re)start. */
    private EdgeService start() throws Exception {
        journals = new DiskJournals(file, false);
        edges = new EdgeService(EdgeTestSupport.config(), PeerCredentials.none(), journals, null);
        return edges;
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/sensor/s01/");
    }

    private static long counter(CollectorEdge edge, String name) {
        return edge.status().counters.get(name);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    private static List<Long> values(List<JsonNode> frames) {
        List<Long> out = new ArrayList<>();
        for (JsonNode f : frames) {
            out.add(f.get("data").get("a").asLong());
        }
        return out;
    }

    @Test
    public void twoCommitPassesAfterAReadingHoldWhatWasBufferedThen() throws Exception {
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 1000);
        for (int i = 1; i <= 10; i++) {
            edge.send(value(i));
        }
        long passes = counter(edge, "commitPasses");
        await("two commit passes after the reading", () -> counter(edge, "commitPasses") >= passes + 2);
        journals.abandon();
        edges.close();

        CollectorEdge again = start().open("c01", uri(port), 1000);
        assertEquals(10L, counter(again, "recovered"));
        // nothing more is sent: the passes go on all the same, so a reader never waits for a change
        await("passes with nothing to write", () -> counter(again, "commitPasses") >= 3);
    }

    @Test
    public void framesBufferedBeforeACrashAreSentByTheNextProcessUnderTheSameEpoch() throws Exception {
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 1000);
        for (int i = 1; i <= 30; i++) {
            edge.send(value(i));
        }
        long epoch = counter(edge, "epoch");
        long commits = journals.commits();
        await("a commit after the last frame", () -> journals.commits() > commits);
        // kill -9: the file stays as the last commit left it, nothing more reaches it
        journals.abandon();
        edges.close();

        CollectorEdge again = start().open("c01", uri(port), 1000);
        assertEquals(30L, counter(again, "recovered"));
        assertEquals(epoch, counter(again, "epoch"));
        assertEquals(1L, counter(again, "durable"));
        again.send(value(31));
        server = new TestSensorServer(port, new TestSensorServer.State());
        await("31 frames", () -> server.state.accepted.size() == 31);
        assertEquals(range(1, 30), server.state.accepted.subList(0, 30));
        // after a crash numbering resumes above the stored reservation: ahead, never back
        assertEquals(DiskJournals.RESERVED + 1, (long) server.state.accepted.get(30));
        assertEquals(range(1, 31), values(server.state.frames));
        assertEquals(epoch, server.state.frames.get(0).get("epoch").asLong());
        assertEquals(0, server.state.duplicates.get());
    }

    @Test
    public void acknowledgedFramesAreNotSentAgainAfterARestartAndSequenceNumbersGoOn() throws Exception {
        TestSensorServer.State remembered = new TestSensorServer.State();
        server = new TestSensorServer(0, remembered);
        int port = server.port();
        CollectorEdge edge = start().open("c01", uri(port), 1000);
        for (int i = 1; i <= 10; i++) {
            edge.send(value(i));
        }
        await("10 acked", () -> counter(edge, "acked") == 10);
        server.close();
        await("edge notices", () -> !"connected".equals(edge.status().state));
        for (int i = 11; i <= 15; i++) {
            edge.send(value(i));
        }
        edge.release();
        edges.close();

        CollectorEdge again = start().open("c01", uri(port), 1000);
        assertEquals(5L, counter(again, "recovered"));
        again.send(value(16));
        server = new TestSensorServer(port, remembered);
        await("16 frames", () -> remembered.accepted.size() == 16);
        assertEquals(range(1, 16), remembered.accepted);
        assertEquals(range(1, 16), values(remembered.frames));
        assertEquals(0, remembered.duplicates.get());
    }

    @Test
    public void aDeletedCollectorLeavesNothingBehind() throws Exception {
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 1000);
        for (int i = 1; i <= 5; i++) {
            edge.send(value(i));
        }
        long first = counter(edge, "epoch");
        edge.close();
        edges.close();

        Thread.sleep(2);
        CollectorEdge again = start().open("c01", uri(port), 1000);
        assertEquals(0L, counter(again, "recovered"));
        assertTrue("a new epoch", counter(again, "epoch") > first);
        again.send(value(6));
        server = new TestSensorServer(port, new TestSensorServer.State());
        await("1 frame", () -> server.state.accepted.size() == 1);
        assertEquals(List.of(1L), server.state.accepted);
    }

    @Test
    public void framesForAnotherSensorAreDroppedWhenTheCollectorNowPointsElsewhere() throws Exception {
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 1000);
        edge.send(value(1));
        edge.release();
        edges.close();

        int other = freePort();
        CollectorEdge again = start().open("c01", URI.create("ws://127.0.0.1:" + other + "/sensor/s02/"), 1000);
        assertEquals(0L, counter(again, "recovered"));
    }

    @Test
    public void theDiskBufferKeepsTheDropOldestBound() throws Exception {
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 5);
        for (int i = 1; i <= 12; i++) {
            edge.send(value(i));
        }
        assertEquals(7L, counter(edge, "dropped"));
        edge.release();
        edges.close();

        CollectorEdge again = start().open("c01", uri(port), 5);
        assertEquals(5L, counter(again, "recovered"));
        server = new TestSensorServer(port, new TestSensorServer.State());
        await("5 frames", () -> server.state.accepted.size() == 5);
        assertEquals(range(8, 12), server.state.accepted);
    }

    @Test
    public void anUnreadableFileIsMovedAsideAndTheEdgesStartEmpty() throws Exception {
        Files.writeString(file, "not an MVStore file at all, just junk that happens to be here\n".repeat(200));
        int port = freePort();
        CollectorEdge edge = start().open("c01", uri(port), 10);
        assertEquals(0L, counter(edge, "recovered"));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.anyMatch(p -> p.getFileName().toString().startsWith("edges.mv.db.unreadable-")));
        }
    }
}
