package org.rocmon.sensor.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.sensor.internal.model.Ids;

/**
 * Keeps one JSON file per sensor under {@code <data>/sensors/{id}.json}, written to a temporary file and moved
 * into place atomically, so a crash leaves either the old or the new file, never half of one.
 */
final class SensorStore {

    private static final Logger LOG = LoggerFactory.getLogger(SensorStore.class);

    private final Path dir;
    private final ObjectMapper mapper;

    SensorStore(Path dataDir, ObjectMapper mapper) {
        this.dir = dataDir.resolve("sensors");
        this.mapper = mapper;
    }

    Path dir() {
        return dir;
    }

    synchronized void save(String id, JsonNode state) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(Ids.check0(id) + ".json");
        Path tmp = Files.createTempFile(dir, "." + id + ".", ".tmp");
        try {
            Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    synchronized void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(Ids.check0(id) + ".json"));
        } catch (IOException e) {
            LOG.warn("could not delete the stored sensor {}: {}", id, e.toString());
        }
    }

    /** @return stored states by sensor id; unreadable files are logged and skipped */
    synchronized Map<String, JsonNode> loadAll() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!Ids.valid(id)) {
                    continue;
                }
                try {
                    out.put(id, mapper.readTree(f.toFile()));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable stored sensor {}: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list stored sensors in {}: {}", dir, e.toString());
        }
        return out;
    }
}
