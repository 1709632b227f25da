package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sizes of the file system holding a path; a seam so that the arithmetic can be tested on fixtures. */
@FunctionalInterface
interface SpaceSource {

    /** Sizes in bytes. */
    final class Space {
        final long total;
        final long unallocated;
        final long usable;

        Space(long total, long unallocated, long usable) {
            this.total = total;
            this.unallocated = unallocated;
            this.usable = usable;
        }
    }

    /**
     * @param path any path on the file system
     * @return its sizes
     * @throws IOException when the path or its file system cannot be read
     */
    Space space(Path path) throws IOException;

    /** @return java.nio's view of the real file systems */
    static SpaceSource system() {
        return path -> {
            FileStore store = Files.getFileStore(path);
            return new Space(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        };
    }
}
