package org.rocmon.mixins.aggregator.ewma.internal;

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
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.occi.internal.catalog.AttributeContext;

/** Reads the fixture folders under src/test/resources/testcases and builds contexts the way the catalog does. */
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

    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** The {@code ts,value} part of a CSV row: quoted values are text, true/false booleans, anything else a number. */
    static Measurement measurement(String row) {
        int comma = row.indexOf(',');
        long ts = Long.parseLong(row.substring(0, comma).trim());
        String v = row.substring(comma + 1).trim();
        if (v.startsWith("\"")) {
            return Measurement.of(v.substring(1, v.length() - 1), ts);
        }
        if (v.equals("true") || v.equals("false")) {
            return Measurement.of(Boolean.parseBoolean(v), ts);
        }
        return Measurement.of(Double.parseDouble(v), ts);
    }
}
