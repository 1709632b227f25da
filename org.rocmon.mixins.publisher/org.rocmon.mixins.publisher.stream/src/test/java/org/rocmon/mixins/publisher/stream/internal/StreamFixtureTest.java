package org.rocmon.mixins.publisher.stream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/Stream: {@code description.json}, then either {@code input.jsonl} and
 * {@code expected.sse} (first line {@code # path <stream path>}, then the exact text a subscriber that came before
 * the inputs receives after they were published, one tick, and close) or {@code error.txt}.
 */
public class StreamFixtureTest {

    static final String[] SPECS = {Stream.INPUT, Stream.INPUT2, Stream.INPUT3, Stream.INPUT4, Stream.PATH};

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(Stream.TERM, StreamFixtureTest::runDataCase, c -> {
            Streams streams = new Streams();
            Stream stream = new Stream(streams);
            FixtureCases.assertRefusal(c, () -> stream.open(MixinContexts.fromFile(c.resolve("description.json"),
                    Map.of(), Stream.SCHEME, Stream.TERM, SPECS)), stream::close);
            assertTrue(c + ": a refused open leaves no stream", streams.paths().isEmpty());
        });
        assertTrue("need data and error cases: " + n, n.data >= 2 && n.errors >= 4);
    }

    private static void runDataCase(Path c) throws Exception {
        Streams streams = new Streams();
        Stream stream = new Stream(streams);
        stream.open(MixinContexts.fromFile(c.resolve("description.json"), Map.of(), Stream.SCHEME, Stream.TERM,
                SPECS));
        String expected = Files.readString(c.resolve("expected.sse"), StandardCharsets.UTF_8);
        String path = expected.substring("# path ".length(), expected.indexOf('\n'));
        expected = expected.substring(expected.indexOf('\n') + 1);
        assertEquals(c.toString(), path, stream.path());
        RecordingSink early = new RecordingSink();
        assertTrue(streams.subscribe(path, early));
        for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
            Map.Entry<String, Measurement> in = MeasurementRows.json(line);
            stream.publish(in.getKey(), in.getValue());
        }
        stream.tick(0);
        RecordingSink late = new RecordingSink();
        assertTrue(streams.subscribe(path, late));
        stream.close();
        assertEquals(c.toString(), expected, early.text());
        assertTrue(c + ": close ends the subscribers", early.ended && late.ended);
        assertFalse(c + ": the path is gone", streams.paths().contains(path));
        for (String frame : late.frames) {
            if (frame.startsWith("event: snapshot\n")) {
                continue; // its channel count is the late subscriber's own
            }
            assertTrue(c + ": a late subscriber gets frames the early one got: " + frame, expected.contains(frame));
        }
    }
}
