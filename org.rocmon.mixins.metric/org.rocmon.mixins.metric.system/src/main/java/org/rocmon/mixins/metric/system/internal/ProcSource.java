package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Text of a file under {@code /proc}; a seam so that parsing can be tested on fixtures. */
@FunctionalInterface
interface ProcSource {

    /**
     * @param name file name under /proc, e.g. {@code diskstats} or {@code net/dev}
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
