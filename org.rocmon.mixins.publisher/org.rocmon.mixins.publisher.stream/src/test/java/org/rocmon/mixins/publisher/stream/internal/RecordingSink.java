package org.rocmon.mixins.publisher.stream.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rocmon.http.sse.SseSink;

/** A subscriber that keeps every frame offered to it. */
final class RecordingSink implements SseSink {

    final List<String> frames = new CopyOnWriteArrayList<>();
    volatile boolean ended;

    @Override
    public void offer(String frame) {
        frames.add(frame);
    }

    @Override
    public void end() {
        ended = true;
    }

    String text() {
        return String.join("", frames);
    }
}
