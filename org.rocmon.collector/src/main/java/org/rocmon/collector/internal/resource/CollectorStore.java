package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.json.RocmonJson;
import org.rocmon.api.runtime.EntityIds;

/**
 * Keeps each collector's description as {@code {root}/resources/{rid}/{cid}.json}, written atomically (temp file,
 * fsync, atomic move), so that a restart re-creates what was deployed and a crash never leaves half a file. A
 * resource with no collector left keeps its folder until the resource is deleted.
 */
final class CollectorStore {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private static final Logger LOG = LoggerFactory.getLogger(CollectorStore.class);
    private static final String SUFFIX = ".json";
    private static final String CONTROL_SUFFIX = ".control";

    private final Path resources;

    /** @param root the data folder, or {@code null} to persist nothing */
    CollectorStore(Path root) {
        this.resources = root == null ? null : root.resolve("resources");
    }

    Path folder() {
        return resources;
    }

    void ensureResource(String rid) throws IOException {
        if (resources != null) {
            Files.createDirectories(resources.resolve(rid));
        }
    }

    void save(String rid, String cid, JsonNode body) throws IOException {
        if (resources == null) {
            return;
        }
        Path dir = resources.resolve(rid);
        Files.createDirectories(dir);
        Path target = dir.resolve(cid + SUFFIX);
        Path tmp = Files.createTempFile(dir, "." + cid + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, body);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Keeps a collector's control state beside its description; "running" removes the file. */
    void saveControl(String rid, String cid, String state) throws IOException {
        if (resources == null) {
            return;
        }
        Path dir = resources.resolve(rid);
        Files.createDirectories(dir);
        Path target = dir.resolve(cid + CONTROL_SUFFIX);
        if ("running".equals(state)) {
            Files.deleteIfExists(target);
            return;
        }
        Path tmp = Files.createTempFile(dir, "." + cid + "-", ".tmp");
        try {
            Files.writeString(tmp, state);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the stored control state, "running" when none or unreadable */
    String loadControl(String rid, String cid) {
        if (resources == null) {
            return "running";
        }
        Path f = resources.resolve(rid).resolve(cid + CONTROL_SUFFIX);
        try {
            String s = Files.isRegularFile(f) ? Files.readString(f).trim() : "running";
            return "stopped".equals(s) || "paused".equals(s) ? s : "running";
        } catch (IOException e) {
            LOG.error("cannot read control state {}: {}; the collector runs", f, e.getMessage());
            return "running";
        }
    }

    void delete(String rid, String cid) throws IOException {
        if (resources != null) {
            Files.deleteIfExists(resources.resolve(rid).resolve(cid + CONTROL_SUFFIX));
            Files.deleteIfExists(resources.resolve(rid).resolve(cid + SUFFIX));
        }
    }

    void deleteResource(String rid) throws IOException {
        if (resources == null) {
            return;
        }
        Path dir = resources.resolve(rid);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** @return stored descriptions by resource id and collector id; unreadable files are logged and skipped */
    Map<String, Map<String, JsonNode>> load() {
        Map<String, Map<String, JsonNode>> all = new TreeMap<>();
        if (resources == null || !Files.isDirectory(resources)) {
            return all;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(resources, Files::isDirectory)) {
            for (Path dir : dirs) {
                String rid = dir.getFileName().toString();
                if (!EntityIds.valid(rid)) {
                    continue;
                }
                Map<String, JsonNode> collectors = all.computeIfAbsent(rid, k -> new TreeMap<>());
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        String cid = name.substring(0, name.length() - SUFFIX.length());
                        if (!EntityIds.valid(cid)) {
                            continue;
                        }
                        try {
                            collectors.put(cid, MAPPER.readTree(f.toFile()));
                        } catch (IOException e) {
                            LOG.error("cannot read stored collector {}: {}; it is not re-created", f, e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list stored resources in {}: {}", resources, e.getMessage());
        }
        return all;
    }
}
