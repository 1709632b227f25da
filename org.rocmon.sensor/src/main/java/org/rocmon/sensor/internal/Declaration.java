package org.rocmon.sensor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.sensor.internal.model.BadRequest;

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
     * @throws BadRequest naming the property at fault
     */
    static JsonNode body(ObjectMapper mapper, Map<String, ?> props, Path base) throws BadRequest {
        String inline = text(props.get(DESCRIPTION));
        String file = text(props.get(FILE));
        if (inline != null && file != null) {
            throw BadRequest.attribute(FILE, "give either 'description' or 'file', not both");
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
            throw BadRequest.attribute(DESCRIPTION, "the configuration needs 'description' (the JSON a POST "
                    + "would send) or 'file' (a path to such a JSON file)");
        }
        if (json.length() > MAX_BYTES) {
            throw BadRequest.attribute(attribute, "the description is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode body;
        try {
            body = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw BadRequest.attribute(attribute, "the description is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw BadRequest.attribute(attribute, "the description must be a JSON object");
        }
        return body;
    }

    /** @return the sensor id: property {@code id}, else the body's {@code id} */
    static String id(Map<String, ?> props, JsonNode body) throws BadRequest {
        String id = text(props.get(ID));
        String inBody = body.hasNonNull(ID) ? body.get(ID).asText() : null;
        if (id != null && inBody != null && !id.equals(inBody)) {
            throw BadRequest.attribute(ID, "the configuration's id '" + id + "' differs from the description's '"
                    + inBody + "'");
        }
        String out = id != null ? id : inBody;
        if (out == null || out.isBlank()) {
            throw BadRequest.attribute(ID, "the sensor id is missing: put \"id\" in the description or an 'id' "
                    + "property in the configuration");
        }
        return out;
    }

    private static String read(Path base, String file) throws BadRequest {
        Path p = Path.of(file);
        if (!p.isAbsolute() && base != null) {
            p = base.resolve(p);
        }
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw BadRequest.attribute(FILE, "the file " + p + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(p);
        } catch (IOException e) {
            throw BadRequest.attribute(FILE, "cannot read " + p + ": " + e.getClass().getSimpleName());
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
