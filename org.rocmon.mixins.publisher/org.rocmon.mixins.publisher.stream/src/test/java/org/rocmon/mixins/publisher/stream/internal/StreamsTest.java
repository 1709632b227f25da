package org.rocmon.mixins.publisher.stream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.MixinContexts;

/** The registry, the bounded queue and the frame format. */
public class StreamsTest {

    private static Stream open(Streams streams, String sensor, Map<String, ?> attributes) throws Exception {
        Stream s = new Stream(streams);
        s.open(MixinContexts.of(sensor, Stream.SCHEME, Stream.TERM, attributes, StreamFixtureTest.SPECS));
        return s;
    }

    @Test
    public void aLateSubscriberGetsTheLatestValueOfEachChannelFirst() throws Exception {
        Streams streams = new Streams();
        Stream s = open(streams, "s01", Map.of("input", "a", "input2", "b"));
        s.publish("a", Measurement.of(1, 10));
        s.publish("a", Measurement.of(2, 20));
        s.publish("b", Measurement.of(true, 30));
        RecordingSink sink = new RecordingSink();
        assertTrue(streams.subscribe("/stream/s01", sink));
        assertEquals(3, sink.frames.size());
        assertTrue(sink.frames.get(0), sink.frames.get(0).contains("\"channel\":\"a\",\"value\":2"));
        assertTrue(sink.frames.get(1), sink.frames.get(1).contains("\"value\":true"));
        assertTrue("then the snapshot's end: " + sink.frames.get(2), sink.frames.get(2).startsWith("event: snapshot\n")
                && sink.frames.get(2).contains("\"channels\":2"));
        s.close();
    }

    @Test
    public void twoSensorsShareAPathUntilTheLastCloses() throws Exception {
        Streams streams = new Streams();
        Stream one = open(streams, "s01", Map.of("input", "a", "path", "/stream/all"));
        Stream two = open(streams, "s02", Map.of("input", "a", "path", "/stream/all"));
        RecordingSink sink = new RecordingSink();
        streams.subscribe("/stream/all", sink);
        assertEquals("an empty snapshot", List.of(SseFormat.snapshot("/stream/all", 0)), sink.frames);
        sink.frames.clear();
        one.publish("a", Measurement.of(1, 1));
        two.publish("a", Measurement.of(2, 2));
        assertEquals(2, sink.frames.size());
        assertTrue(sink.frames.get(1).contains("\"sensor\":\"s02\""));
        one.close();
        assertFalse("one publisher is left", sink.ended);
        two.publish("a", Measurement.of(3, 3));
        assertEquals(3, sink.frames.size());
        two.close();
        assertTrue(sink.ended);
        assertTrue(sink.frames.get(3).startsWith("event: end\n"));
        assertFalse(streams.subscribe("/stream/all", new RecordingSink()));
        one.close(); // idempotent: must not detach someone else's stream
        assertTrue(streams.paths().isEmpty());
    }

    @Test
    public void anUnsubscribedSinkGetsNothingMore() throws Exception {
        Streams streams = new Streams();
        Stream s = open(streams, "s01", Map.of("input", "a"));
        RecordingSink sink = new RecordingSink();
        streams.subscribe("/stream/s01", sink);
        streams.unsubscribe("/stream/s01", sink);
        s.publish("a", Measurement.of(1, 1));
        assertEquals("only the empty snapshot of when it subscribed",
                List.of(SseFormat.snapshot("/stream/s01", 0)), sink.frames);
        assertEquals(Map.of("/stream/s01", 0), streams.subscribers());
        assertEquals(Map.of("/stream/s01", 1L), streams.published());
        s.close();
    }

    @Test
    public void framesAreValidJsonOnOneDataLine() {
        String f = SseFormat.measurement("s\"1", "c", Measurement.of("a\nb\u2028\u0001", 5).withUnit("µs"));
        assertEquals("event: measurement\ndata: {\"ts\":5,\"sensor\":\"s\\\"1\",\"channel\":\"c\","
                + "\"value\":\"a\\nb\u2028\\u0001\",\"unit\":\"µs\"}\n\n", f);
        assertTrue(SseFormat.measurement("s", "c", Measurement.of(Double.NaN, 1)).contains("\"value\":\"NaN\""));
        assertTrue(SseFormat.measurement("s", "c", Measurement.of(1e20, 1)).contains("\"value\":1.0E20"));
        assertEquals(List.of("event: measurement", "data: {\"ts\":1,\"sensor\":\"s\",\"channel\":\"c\",\"value\":-3}",
                "", ""), List.of(SseFormat.measurement("s", "c", Measurement.of(-3, 1)).split("\n", -1)));
    }
}
