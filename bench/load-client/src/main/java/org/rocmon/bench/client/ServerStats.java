package org.rocmon.bench.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.bench.histogram.LogHistogram;

/**
 * One reading of the server-side stats file (written by the Count publisher or the bare sink every 200 ms):
 * measurements counted, frames (bare only, else -1), the writer's clock and the latency histogram.
 */
record ServerStats(long count, long frames, long ts, long[] hist) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @return the reading, or {@code null} when the file is not there (yet) or unreadable */
    static ServerStats read(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            return parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static ServerStats parse(String line) throws IOException {
        JsonNode n = MAPPER.readTree(line);
        JsonNode pairs = n.path("hist");
        long[][] p = new long[pairs.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new long[] {pairs.get(i).path(0).asLong(), pairs.get(i).path(1).asLong()};
        }
        return new ServerStats(n.path("count").asLong(), n.path("frames").asLong(-1), n.path("ts").asLong(),
                LogHistogram.fromPairs(p));
    }
}
