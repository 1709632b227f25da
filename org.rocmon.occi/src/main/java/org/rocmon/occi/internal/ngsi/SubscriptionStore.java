package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions on disk, one JSON file each, replaced atomically on every change (write, then rename), so that a
 * crash leaves the old or the new file. The queue of a subscription is bounded ({@code maxPending}), so a whole
 * file per change is small; no queue-file library is needed for that.
 */
final class SubscriptionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;

    /** @param folder where the files live, or null to keep nothing (no data folder) */
    SubscriptionStore(Path folder) {
        this.folder = folder;
    }

    /** @return every stored subscription; unreadable files are logged and skipped */
    List<Subscription> load() {
        List<Subscription> out = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!f.getFileName().toString().endsWith(".json")) {
                    continue;
                }
                try {
                    out.add(MAPPER.readValue(f.toFile(), Subscription.class));
                } catch (IOException e) {
                    LOG.error("skipping unreadable subscription {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list {}: {}", folder, e.getMessage());
        }
        return out;
    }

    void save(Subscription s) throws IOException {
        if (folder == null) {
            return;
        }
        Files.createDirectories(folder);
        Path tmp = folder.resolve(s.id + ".json.tmp");
        Files.write(tmp, MAPPER.writeValueAsBytes(s));
        try {
            Files.move(tmp, folder.resolve(s.id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, folder.resolve(s.id + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(String id) throws IOException {
        if (folder != null) {
            Files.deleteIfExists(folder.resolve(id + ".json"));
        }
    }
}
