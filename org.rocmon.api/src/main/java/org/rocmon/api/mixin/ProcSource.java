package org.rocmon.api.mixin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Text of a file under {@code /proc}, for metrics that read the host's kernel counters: a seam so that their
 * parsing can be tested on fixtures (a test supplies its own source).
 */
@ConsumerType
@FunctionalInterface
public interface ProcSource {

    /**
     * @param name file name under /proc, e.g. {@code stat} or {@code net/dev}
     * @return its whole text
     * @throws IOException when it cannot be read (not Linux, or a restricted container)
     */
    String read(String name) throws IOException;

    /** @return the host's own /proc */
    static ProcSource system() {
        Path proc = Paths.get("/proc");
        return name -> Files.readString(proc.resolve(name), StandardCharsets.US_ASCII);
    }
}
