package org.rocmon.mixins.publisher.webhook.internal;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.occi.internal.catalog.AttributeContext;

/** Reads the fixture folders under src/test/resources/testcases and builds contexts the way the catalog does. */
final class Fixtures {

    static final Path TESTCASES = Paths.get(System.getProperty("basedir", "."), "src", "test", "resources", "testcases");
    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** Replaces each {@code ${name}} of the text by its value. */
    static String expand(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    /** Builds the context from an OCCI description in the paper's nested (or the flat) form. */
    @SuppressWarnings("unchecked")
    static AttributeContext context(Path description, Map<String, String> vars, String scheme, String term,
            String... specs) throws IOException, InvalidAttributeException {
        String text = expand(Files.readString(description, StandardCharsets.UTF_8), vars);
        Map<String, Object> entity = MAPPER.readValue(text, Map.class);
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

    /** One input line {@code {"channel":..,"ts":..,"value":..,"source":..,"unit":..,"state":..}}. */
    static Map.Entry<String, Measurement> input(String line) throws IOException {
        JsonNode n = MAPPER.readTree(line);
        JsonNode v = n.get("value");
        Object value = v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText();
        Measurement m = Measurement.ofObject(value, n.get("ts").asLong());
        if (n.hasNonNull("source")) {
            m = m.withSource(n.get("source").asText());
        }
        if (n.hasNonNull("unit")) {
            m = m.withUnit(n.get("unit").asText());
        }
        if (n.hasNonNull("state")) {
            m = m.withState(State.valueOf(n.get("state").asText()));
        }
        return Map.entry(n.get("channel").asText(), m);
    }
}
