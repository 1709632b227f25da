package org.rocmon.occi.internal.frontend;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates renderings against the OCCI 1.2 JSON rendering schema (src/test/resources/occi, see its README). */
final class OcciSchema {

    private OcciSchema() {
    }

    /**
     * @param definition a definition of the schema: resource, link, model, entity_collection...
     * @return the violations, empty when valid
     */
    static List<String> violations(JsonNode rendering, String definition) {
        try (InputStream in = OcciSchema.class.getResourceAsStream("/occi/occi-schema.json")) {
            ObjectNode schema = (ObjectNode) Harness.MAPPER.readTree(in);
            // The document is a set of definitions; aim its root at the one a rendering must match.
            schema.put("$ref", "#/definitions/" + definition);
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                    .getSchema(SchemaLocation.of("classpath:occi/occi-schema.json"), schema);
            List<String> out = new ArrayList<>();
            for (ValidationMessage m : s.validate(tolerated(rendering, definition))) {
                out.add(m.getMessage());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The schema requires a location on every kind, but GFD.223 binds none to a kind that cannot be instantiated:
     * the abstract core entity kind is rendered without one (docs/occi.md, conformance). That one omission is
     * filled in before validating; everything else is checked as published.
     */
    private static JsonNode tolerated(JsonNode rendering, String definition) {
        if (!"model".equals(definition) || !rendering.path("kinds").isArray()) {
            return rendering;
        }
        JsonNode copy = rendering.deepCopy();
        for (JsonNode kind : copy.get("kinds")) {
            if ("entity".equals(kind.path("term").asText())
                    && "http://schemas.ogf.org/occi/core#".equals(kind.path("scheme").asText())
                    && !kind.has("location")) {
                ((ObjectNode) kind).put("location", "(none: abstract)");
            }
        }
        return copy;
    }
}
