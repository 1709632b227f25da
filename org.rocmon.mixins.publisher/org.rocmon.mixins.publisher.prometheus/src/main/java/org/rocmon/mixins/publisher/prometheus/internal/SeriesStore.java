package org.rocmon.mixins.publisher.prometheus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The series of every scrape path, sorted by metric name within a path so that families stay contiguous. */
final class SeriesStore implements SeriesRegistry {

    private final Map<String, ConcurrentSkipListMap<String, Series>> byPath = new ConcurrentHashMap<>();

    @Override
    public void put(String path, Series series) {
        byPath.computeIfAbsent(path, p -> new ConcurrentSkipListMap<>()).put(series.key(), series);
    }

    @Override
    public void remove(String path, String key) {
        byPath.computeIfPresent(path, (p, series) -> {
            series.remove(key);
            return series.isEmpty() ? null : series;
        });
    }

    /** @return the series of a path in key order, or {@code null} when nothing publishes there */
    List<Series> series(String path) {
        ConcurrentSkipListMap<String, Series> series = byPath.get(path);
        return series == null ? null : new ArrayList<>(series.values());
    }

    Set<String> paths() {
        return new TreeSet<>(byPath.keySet());
    }
}
