package org.rocmon.history.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.json.RocmonJson;

/**
 * The last {@code capacity} raw measurements of one series, in memory and in an append-only file of JSON lines
 * (Rocmon's measurement form, {@code {"value","ts","source","unit","state"}}).
 *
 * <p>Why a file of our own: rrd4j keeps consolidated numbers only (no text, unit or state, no individual
 * samples), and a durable queue library would bring a dependency and its own format for what is a bounded list
 * of at most 2 x capacity short lines. The file is bounded: when it holds twice the capacity it is rewritten
 * with the last {@code capacity} lines (to a temporary file, then an atomic move). A torn last line, left by a
 * crash in the middle of a write, is skipped when the file is read back.
 */
final class RawLog {

    private static final ObjectMapper JSON = RocmonJson.mapper();

    private final Path file;
    private final int capacity;
    private final ArrayDeque<Measurement> values;
    private BufferedWriter out;
    private int linesInFile;

    private RawLog(Path file, int capacity, ArrayDeque<Measurement> values, int linesInFile) {
        this.file = file;
        this.capacity = capacity;
        this.values = values;
        this.linesInFile = linesInFile;
    }

    /** Opens the log, reading back what the file holds (its last {@code capacity} readable lines). */
    static RawLog open(Path file, int capacity) throws IOException {
        ArrayDeque<Measurement> values = new ArrayDeque<>(capacity);
        int lines = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines++;
                Measurement m = parse(line);
                if (m != null) {
                    if (values.size() == capacity) {
                        values.removeFirst();
                    }
                    values.addLast(m);
                }
            }
        }
        return new RawLog(file, capacity, values, lines);
    }

    /** Adds a measurement; {@link #flush} makes it reach the file. */
    void append(Measurement m) throws IOException {
        if (values.size() == capacity) {
            values.removeFirst();
        }
        values.addLast(m);
        if (linesInFile >= 2 * capacity) {
            compact();
            return; // the rewrite holds m
        }
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        out.write(JSON.writeValueAsString(m));
        out.write('\n');
        linesInFile++;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** @return up to n values, oldest first */
    List<Measurement> last(int n) {
        List<Measurement> all = new ArrayList<>(values);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    int size() {
        return values.size();
    }

    Measurement newest() {
        return values.peekLast();
    }

    int linesInFile() {
        return linesInFile;
    }

    void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void compact() throws IOException {
        close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Measurement m : values) {
                w.write(JSON.writeValueAsString(m));
                w.write('\n');
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = values.size();
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
