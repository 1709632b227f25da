package org.rocmon.occi.internal.frontend.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.api.runtime.EntityIds;

/**
 * The front end's embedded entity store: entities in memory (sorted by id, so pages are stable) and on disk as
 * {@code {root}/entities/{id}.json}, registered nodes as {@code {root}/nodes/{id}.json}. Every file is written to
 * a temporary file, forced to disk and moved into place atomically, so a crash never leaves half an entity.
 */
public final class EntityStore {

    private static final Logger LOG = LoggerFactory.getLogger(EntityStore.class);
    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Fields only: helper methods of Entity such as isLink() are not data.
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY).build();

    private final Path root;
    private final Map<String, Entity> entities = new ConcurrentSkipListMap<>();
    private final Map<String, String> nodes = new ConcurrentSkipListMap<>();

    /** @param root the folder ({@code ${rocmon.data}/occi}), or {@code null} to keep everything in memory only */
    public EntityStore(Path root) {
        this.root = root;
    }

    /** Reads what an earlier run stored; unreadable files are logged and skipped. */
    public void load() {
        if (root == null) {
            return;
        }
        for (Map.Entry<String, Path> f : files("entities").entrySet()) {
            try {
                Entity e = MAPPER.readValue(f.getValue().toFile(), Entity.class);
                if (e.id != null && e.id.equals(f.getKey())) {
                    entities.put(e.id, e);
                }
            } catch (IOException ex) {
                LOG.error("cannot read stored entity {}: {}", f.getValue(), ex.getMessage());
            }
        }
        for (Map.Entry<String, Path> f : files("nodes").entrySet()) {
            try {
                Object url = MAPPER.readValue(f.getValue().toFile(), Map.class).get("url");
                if (url instanceof String) {
                    nodes.put(f.getKey(), (String) url);
                }
            } catch (IOException ex) {
                LOG.error("cannot read stored node {}: {}", f.getValue(), ex.getMessage());
            }
        }
    }

    public Entity get(String id) {
        return entities.get(id);
    }

    /** @return every entity, sorted by id */
    public List<Entity> all() {
        return new ArrayList<>(entities.values());
    }

    /** Keeps the entity and writes it through. */
    public void put(Entity e) throws IOException {
        write("entities", e.id, e);
        entities.put(e.id, e);
    }

    public void remove(String id) throws IOException {
        entities.remove(id);
        if (root != null) {
            Files.deleteIfExists(root.resolve("entities").resolve(id + SUFFIX));
        }
    }

    /** @return registered nodes by id (without the built-in local node) */
    public Map<String, String> nodes() {
        return new TreeMap<>(nodes);
    }

    public void putNode(String id, String url) throws IOException {
        write("nodes", id, Map.of("id", id, "url", url));
        nodes.put(id, url);
    }

    public void removeNode(String id) throws IOException {
        nodes.remove(id);
        if (root != null) {
            Files.deleteIfExists(root.resolve("nodes").resolve(id + SUFFIX));
        }
    }

    private void write(String folder, String id, Object value) throws IOException {
        if (root == null) {
            return;
        }
        Path dir = root.resolve(folder);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + id + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, value);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Path target = dir.resolve(id + SUFFIX);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Map<String, Path> files(String folder) {
        Map<String, Path> out = new TreeMap<>();
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (EntityIds.valid(id)) {
                    out.put(id, f);
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list {}: {}", dir, e.getMessage());
        }
        return out;
    }
}
