package org.rocmon.mixins.aggregator.filter.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.occi.internal.catalog.AttributeContext;

/**
 * Reads the fixture folders under src/test/resources/testcases and builds contexts the way the catalog does.
 *
 * <p>Measurement rows are {@code channel,ts,value[,source[,unit[,state]]]}: a quoted value is text, true/false a
 * boolean, anything else a number; an empty or missing column is absent. No field may contain a comma.
 */
final class Fixtures {

    static final Path TESTCASES = Paths.get(System.getProperty("basedir", "."), "src", "test", "resources", "testcases");

    private Fixtures() {
    }

    /** @return the case folders of one mixin, sorted by name */
    static List<Path> cases(String term) throws IOException {
        try (Stream<Path> s = Files.list(TESTCASES.resolve(term))) {
            return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    static String prefix(String scheme, String term) {
        return AttributeSpec.namespaceOf(scheme) + "." + term + ".";
    }

    static List<AttributeSpec> specs(String... specs) {
        List<AttributeSpec> out = new ArrayList<>();
        for (String s : specs) {
            out.add(AttributeSpec.parse(s));
        }
        return out;
    }

    /** Builds the context from an OCCI description in the paper's nested (or the flat) form. */
    @SuppressWarnings("unchecked")
    static AttributeContext context(Path description, String scheme, String term, String... specs)
            throws IOException, InvalidAttributeException {
        Map<String, Object> entity = new ObjectMapper().readValue(description.toFile(), Map.class);
        Map<String, Object> attributes = Descriptions.flatten((Map<String, ?>) entity.get("attributes"));
        return AttributeContext.create(prefix(scheme, term), specs(specs), (String) entity.get("id"), attributes,
                3000, Map.of());
    }

    /** Builds a context from flat short-name attributes, for unit tests. */
    static AttributeContext context(String scheme, String term, String[] specs, Object... shortNamesAndValues)
            throws InvalidAttributeException {
        String p = prefix(scheme, term);
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < shortNamesAndValues.length; i += 2) {
            attributes.put(p + shortNamesAndValues[i], shortNamesAndValues[i + 1]);
        }
        return AttributeContext.create(p, specs(specs), "s01", attributes, 3000, Map.of());
    }

    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** @return the columns of a row, missing trailing ones as empty strings */
    static String[] columns(String row, int count) {
        String[] parts = row.split(",", -1);
        String[] out = new String[Math.max(count, parts.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < parts.length ? parts[i].trim() : "";
        }
        return out;
    }

    /** @return the value of a CSV cell: quoted text, true/false, or a number */
    static Object value(String cell) {
        if (cell.startsWith("\"")) {
            return cell.substring(1, cell.length() - 1);
        }
        if (cell.equals("true") || cell.equals("false")) {
            return Boolean.valueOf(cell);
        }
        return Double.valueOf(cell);
    }

    /** The measurement of a row's columns 1..5 (ts, value, source, unit, state). */
    static Measurement measurement(String[] c) {
        Measurement m = Measurement.ofObject(value(c[2]), Long.parseLong(c[1]));
        if (!c[3].isEmpty()) {
            m = m.withSource(c[3]);
        }
        if (!c[4].isEmpty()) {
            m = m.withUnit(c[4]);
        }
        if (!c[5].isEmpty()) {
            m = m.withState(State.valueOf(c[5]));
        }
        return m;
    }

    /** @return the measurement as a row, numbers without a needless ".0", for messages and comparison */
    static String row(String channel, Measurement m) {
        Object v = m.value();
        String value = v instanceof String ? "\"" + v + "\"" : v instanceof Boolean ? v.toString() : m.asString();
        return channel + "," + m.timestamp() + "," + value + "," + nz(m.source()) + "," + nz(m.unit()) + ","
                + (m.state() == null ? "" : m.state().name());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
