package org.rocmon.mixins.publisher.stream.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.rocmon.http.sse.SseSink;

/**
 * The streams of the bundle by path. A subscriber gets the latest frame of every channel at once, then each new
 * frame; when the last publisher of a path detaches, its subscribers are ended and the path disappears.
 */
final class Streams implements StreamRegistry {

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    @Override
    public void attach(String path) {
        topics.computeIfAbsent(path, p -> new Topic()).publishers.incrementAndGet();
    }

    @Override
    public void detach(String path) {
        Topic[] ended = new Topic[1];
        topics.computeIfPresent(path, (p, t) -> {
            if (t.publishers.decrementAndGet() > 0) {
                return t;
            }
            ended[0] = t;
            return null;
        });
        if (ended[0] != null) {
            String end = SseFormat.end(path);
            for (SseSink s : ended[0].subscribers) {
                s.offer(end);
                s.end();
            }
            ended[0].subscribers.clear();
        }
    }

    @Override
    public void publish(String path, String key, String frame) {
        Topic t = topics.get(path);
        if (t == null) {
            return;
        }
        t.latest.put(key, frame);
        t.published.incrementAndGet();
        for (SseSink s : t.subscribers) {
            s.offer(frame);
        }
    }

    @Override
    public void keepAlive(String path) {
        Topic t = topics.get(path);
        if (t != null) {
            for (SseSink s : t.subscribers) {
                s.offer(SseFormat.KEEPALIVE);
            }
        }
    }

    /**
     * Subscribes a sink and hands it the latest frame of every channel.
     *
     * @return false when nothing publishes on the path
     */
    boolean subscribe(String path, SseSink sink) {
        Topic t = topics.get(path);
        if (t == null) {
            return false;
        }
        t.subscribers.add(sink);
        Map<String, String> latest = new TreeMap<>(t.latest);
        for (String frame : latest.values()) {
            sink.offer(frame);
        }
        sink.offer(SseFormat.snapshot(path, latest.size()));
        // the last publisher may have detached meanwhile: then this sink would never be ended
        if (topics.get(path) != t) {
            t.subscribers.remove(sink);
            sink.end();
        }
        return true;
    }

    void unsubscribe(String path, SseSink sink) {
        Topic t = topics.get(path);
        if (t != null) {
            t.subscribers.remove(sink);
        }
    }

    /** @return the subscriber count of every path, sorted by path */
    Map<String, Integer> subscribers() {
        Map<String, Integer> out = new TreeMap<>();
        topics.forEach((p, t) -> out.put(p, t.subscribers.size()));
        return out;
    }

    /** @return the frames published on every path */
    Map<String, Long> published() {
        Map<String, Long> out = new TreeMap<>();
        topics.forEach((p, t) -> out.put(p, t.published.get()));
        return out;
    }

    Set<String> paths() {
        return new TreeMap<>(topics).keySet();
    }

    int total() {
        return topics.values().stream().mapToInt(t -> t.subscribers.size()).sum();
    }
}
