package org.rocmon.history.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.json.RocmonJson;

/**
 * The last {@code capacity} raw measurements of one series, in an append-only file of JSON lines (Rocmon's
 * measurement form, {@code {"value","ts","source","unit","state"}}); only the newest is kept in memory, so memory
 * does not grow with the capacity. Queries read the file back.
 *
 * <p>Why a file of our own: rrd4j keeps consolidated numbers only (no text, unit or state, no individual
 * samples), and a durable queue library would bring a dependency and its own format for what is a bounded list
 * of at most 2 x capacity short lines. The file is bounded: when it holds twice the capacity it is rewritten
 * with its last {@code capacity} lines (to a temporary file, then an atomic move). A torn last line, left by a
 * crash in the middle of a write, is skipped when the file is read back. Not thread-safe: {@link Series}
 * serializes the calls.
 */
final class RawLog {

    // One generator per open file, flushed by the writer after each batch, not after each value.
    private static final ObjectMapper JSON = RocmonJson.mapper()
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final Path file;
    private final int capacity;
    private JsonGenerator out;
    private int linesInFile;
    private int size;
    private Measurement newest;

    private RawLog(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** Opens the log: counts what the file holds and reads its newest value. */
    static RawLog open(Path file, int capacity) throws IOException {
        RawLog log = new RawLog(file, capacity);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            log.linesInFile = lines.size();
            for (int i = lines.size() - 1; i >= 0 && log.newest == null; i--) {
                log.newest = parse(lines.get(i));
            }
            log.size = Math.min(capacity, (int) lines.stream().filter(l -> parse(l) != null).count());
        }
        return log;
    }

    /** Adds a measurement; {@link #flush} makes it reach the file. */
    void append(Measurement m) throws IOException {
        if (linesInFile >= 2 * capacity) {
            compact();
        }
        if (out == null) {
            Files.createDirectories(file.getParent());
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            out = JSON.getFactory().createGenerator(w);
        }
        JSON.writeValue(out, m);
        out.writeRaw('\n');
        linesInFile++;
        size = Math.min(capacity, size + 1);
        newest = m;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** @return up to n (at most capacity) values, oldest first, read back from the file */
    List<Measurement> last(int n) throws IOException {
        flush();
        List<Measurement> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int want = Math.min(n, capacity);
        for (int i = lines.size() - 1; i >= 0 && out.size() < want && lines.size() - i <= capacity; i--) {
            Measurement m = parse(lines.get(i));
            if (m != null) {
                out.add(m);
            }
        }
        Collections.reverse(out);
        return out;
    }

    int size() {
        return size;
    }

    Measurement newest() {
        return newest;
    }

    void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** Keeps the last {@code capacity} lines; they are copied as text, not parsed again. */
    private void compact() throws IOException {
        close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = lines.subList(Math.max(0, lines.size() - capacity), lines.size());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = kept.size();
    }

    /** @return the measurement of a line, or null when the line is not one (e.g. torn by a crash) */
    static Measurement parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject() || !n.has("value") || !n.path("ts").canConvertToLong()) {
                return null;
            }
            JsonNode v = n.get("value");
            long ts = n.get("ts").asLong();
            Measurement m = v.isNumber() ? Measurement.of(v.asDouble(), ts)
                    : v.isBoolean() ? Measurement.of(v.asBoolean(), ts) : Measurement.of(v.asText(), ts);
            if (n.hasNonNull("source")) {
                m = m.withSource(n.get("source").asText());
            }
            if (n.hasNonNull("unit")) {
                m = m.withUnit(n.get("unit").asText());
            }
            if (n.hasNonNull("state")) {
                m = m.withState(State.valueOf(n.get("state").asText()));
            }
            return m;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
