package org.rocmon.sensor.internal.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Jazzer target: a collector's WebSocket text frame as the sensor's socket reads it. The parser either returns a
 * frame whose every value becomes a measurement, or throws {@link JunkFrame} (which the socket counts and answers
 * with a close); any other exception, a hang or a stack overflow is a finding.
 */
public final class FrameFuzzer {

    private static final FrameParser PARSER = new FrameParser();

    private FrameFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "{\"collector\":\"c\",\"epoch\":1,\"seq\":2,\"ts\":3,\"data\":{\"a\":1,\"b\":{\"value\":\"x\",\"state\":\"ok\",\"unit\":\"u\",\"ts\":4}}}",
            "{\"a\":true}",
            "[1"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Frame frame;
        try {
            frame = PARSER.parse(text);
        } catch (JunkFrame e) {
            return;
        }
        if (frame.collector() == null && !frame.sequenced() && frame.size() == 0 && !text.contains("\"data\"")) {
            throw new IllegalStateException("a bare frame without values was accepted");
        }
        for (int i = 0; i < frame.size(); i++) {
            frame.channel(i);
            frame.measurement(i, "c01", 1_800_000_000_000L);
        }
    }
}
