package org.rocmon.sensor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.Problem;

/**
 * Reads the JSON body a configuration declares, inline ({@code description}) or from a file ({@code file}),
 * with the same limits as a REST body, so a configuration cannot do what a POST could not.
 */
final class Declaration {

    static final String DESCRIPTION = "description";
    static final String FILE = "file";
    static final String ID = "id";
    /** Same bound as a REST body. */
    static final long MAX_BYTES = 1024 * 1024;

    private Declaration() {
    }

    /**
     * @param props the configuration's properties
     * @param base folder relative file paths are resolved against (the node's data folder)
     * @return the body, an object
     * @throws Problem naming the property at fault
     */
    static JsonNode body(ObjectMapper mapper, Map<String, ?> props, Path base) throws Problem {
        String inline = text(props.get(DESCRIPTION));
        String file = text(props.get(FILE));
        if (inline != null && file != null) {
            throw Problem.badRequest("give either 'description' or 'file', not both", FILE);
        }
        String json;
        String attribute;
        if (inline != null) {
            json = inline;
            attribute = DESCRIPTION;
        } else if (file != null) {
            json = read(base, file);
            attribute = FILE;
        } else {
            throw Problem.badRequest("the configuration needs 'description' (the JSON a POST "
                    + "would send) or 'file' (a path to such a JSON file)", DESCRIPTION);
        }
        if (json.length() > MAX_BYTES) {
            throw Problem.badRequest("the description is larger than " + MAX_BYTES + " bytes", attribute);
        }
        JsonNode body;
        try {
            body = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the description is not valid JSON: "
                    + e.getOriginalMessage(), attribute);
        }
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the description must be a JSON object", attribute);
        }
        return body;
    }

    /** @return the sensor id: property {@code id}, else the body's {@code id} */
    static String id(Map<String, ?> props, JsonNode body) throws Problem {
        String id = text(props.get(ID));
        String inBody = body.hasNonNull(ID) ? body.get(ID).asText() : null;
        if (id != null && inBody != null && !id.equals(inBody)) {
            throw Problem.badRequest("the configuration's id '" + id + "' differs from the description's '"
                    + inBody + "'", ID);
        }
        String out = id != null ? id : inBody;
        if (out == null || out.isBlank()) {
            throw Problem.badRequest("the sensor id is missing: put \"id\" in the description or an 'id' "
                    + "property in the configuration", ID);
        }
        return out;
    }

    private static String read(Path base, String file) throws Problem {
        Path p = Path.of(file);
        if (!p.isAbsolute() && base != null) {
            p = base.resolve(p);
        }
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw Problem.badRequest("the file " + p + " is larger than " + MAX_BYTES + " bytes", FILE);
            }
            return Files.readString(p);
        } catch (IOException e) {
            throw Problem.badRequest("cannot read " + p + ": " + e.getClass().getSimpleName(), FILE);
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }
}
