package org.rocmon.catalog.internal.repository;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.VersionRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured repository indexes, read on first use and read again when a local index file changes (so a
 * rebuilt index is seen without a restart). An index that cannot be read is logged and left out; the others
 * still count. Thread-safe.
 */
public final class Repositories {

    private static final Logger LOG = LoggerFactory.getLogger(Repositories.class);

    private final List<URI> locations;
    private final Map<URI, Loaded> cache = new ConcurrentHashMap<>();

    private static final class Loaded {
        final long stamp;
        final List<IndexResource> resources;

        Loaded(long stamp, List<IndexResource> resources) {
            this.stamp = stamp;
            this.resources = resources;
        }
    }

    /** @param locations index locations: absolute URIs */
    public Repositories(List<URI> locations) {
        this.locations = List.copyOf(locations);
    }

    /**
     * @param spec comma-separated index locations: URLs, or file paths (relative ones against the working
     *        directory)
     * @return the absolute URIs, in order
     */
    public static List<URI> parse(String spec) {
        List<URI> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            // A scheme of two or more letters is a URL; "C:\..." and plain paths are files.
            if (s.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
                out.add(URI.create(s));
            } else {
                out.add(Path.of(s).toAbsolutePath().normalize().toUri());
            }
        }
        return out;
    }

    /** @return the configured locations */
    public List<URI> locations() {
        return locations;
    }

    /** @return every resource of every readable index, in configuration order */
    public List<IndexResource> resources() {
        List<IndexResource> all = new ArrayList<>();
        for (URI location : locations) {
            all.addAll(load(location));
        }
        return all;
    }

    /** @return every mixin the indexes declare */
    public List<MixinOffer> offers() {
        List<MixinOffer> out = new ArrayList<>();
        for (IndexResource r : resources()) {
            out.addAll(MixinOffer.of(r));
        }
        return out;
    }

    /**
     * @param kind metric, aggregator or publisher
     * @param id scheme + term
     * @param range accepted versions, or {@code null} for any
     * @return matching offers, highest version first
     */
    public List<MixinOffer> find(String kind, String id, VersionRange range) {
        List<MixinOffer> out = new ArrayList<>();
        for (MixinOffer o : offers()) {
            if (o.id().equals(id) && o.kind().equals(kind) && (range == null || range.includes(o.version()))) {
                out.add(o);
            }
        }
        out.sort(Comparator.comparing(MixinOffer::version).reversed());
        return out;
    }

    private List<IndexResource> load(URI location) {
        long stamp = stamp(location);
        Loaded have = cache.get(location);
        if (have != null && have.stamp == stamp) {
            return have.resources;
        }
        try (InputStream in = location.toURL().openStream()) {
            List<IndexResource> resources = IndexReader.read(in, location);
            cache.put(location, new Loaded(stamp, resources));
            LOG.info("Mixin repository {}: {} resources", location, resources.size());
            return resources;
        } catch (IOException | IllegalArgumentException e) {
            if (have == null || have.stamp != Long.MIN_VALUE) {
                LOG.warn("Mixin repository {} cannot be read: {}", location, e.toString());
            }
            // Remember the failure for this stamp so an absent index is not re-read and re-logged on every request.
            cache.put(location, new Loaded(stamp, List.of()));
            return List.of();
        }
    }

    /** Modification time of a local index; other URLs are read once. */
    private static long stamp(URI location) {
        if ("file".equalsIgnoreCase(location.getScheme())) {
            try {
                return Files.getLastModifiedTime(Path.of(location)).toMillis();
            } catch (IOException | RuntimeException e) {
                return -1L;
            }
        }
        return 0L;
    }
}
