package org.rocmon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.json.RocmonJson;

/**
 * Reading requests and writing answers, once for every Rocmon endpoint: bounded bodies ({@link RocmonHttp#MAX_BODY}),
 * the JSON content-type check, JSON answers and {@link Problem} answers.
 */
public final class HttpIo {

    /** How much of an oversized or unused body is read away so the client sees the answer, not a reset. */
    private static final long MAX_DRAIN = 8L * 1024 * 1024;

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private HttpIo() {
    }

    /** @return the mime type of the request, lower case without parameters, or "" when none was sent */
    public static String mediaType(HttpServletRequest req) {
        String type = req.getContentType();
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** @return whether the mime type is JSON ({@code application/json} or any {@code +json} type) */
    public static boolean isJson(String mediaType) {
        return "application/json".equals(mediaType) || mediaType.endsWith("+json");
    }

    /**
     * Reads the whole body, up to {@code max} bytes.
     *
     * @param req the request
     * @param max the largest body accepted
     * @return the body, empty when there is none
     * @throws Problem 413 when it is larger (the rest is read away, up to a bound, so the client sees the answer)
     * @throws IOException when the client goes away
     */
    public static byte[] body(HttpServletRequest req, int max) throws Problem, IOException {
        byte[] chunk = new byte[8192];
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = req.getInputStream()) {
            if (req.getContentLengthLong() > max) {
                throw tooLarge(in, chunk, max);
            }
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > max) {
                    throw tooLarge(in, chunk, max);
                }
                buf.write(chunk, 0, n);
            }
        }
        return buf.toByteArray();
    }

    /** @return {@link #body(HttpServletRequest, int)} with {@link RocmonHttp#MAX_BODY} */
    public static byte[] body(HttpServletRequest req) throws Problem, IOException {
        return body(req, RocmonHttp.MAX_BODY);
    }

    /**
     * Reads a JSON object body.
     *
     * @param req the request; its content type must be absent or JSON
     * @param what what the object describes, for messages (e.g. "a sensor description")
     * @return the object
     * @throws Problem 415 for another content type, 413 when too large, 400 when empty, malformed or not an object
     * @throws IOException when the client goes away
     */
    public static ObjectNode jsonObject(HttpServletRequest req, String what) throws Problem, IOException {
        String type = mediaType(req);
        if (!type.isEmpty() && !isJson(type)) {
            drain(req);
            throw Problem.of(415, "the body must be JSON (Content-Type: application/json), not " + type);
        }
        return parseObject(body(req), what);
    }

    /**
     * @param bytes a JSON text
     * @param what what the object describes, for messages
     * @return the object
     * @throws Problem 400 when empty, malformed or not an object
     */
    public static ObjectNode parseObject(byte[] bytes, String what) throws Problem {
        if (bytes.length == 0) {
            throw Problem.badRequest("the body is empty; send " + what + " as a JSON object", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's limits (nesting deeper than 1000, numbers longer than 1000 digits, ...) come without a
            // location; an NPE here once turned such a body into a 5xx (found by SensorBodyFuzzer).
            JsonLocation at = e.getLocation();
            throw Problem.badRequest("malformed JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), null);
        } catch (IOException e) {
            throw Problem.badRequest("malformed JSON", null);
        }
        if (node == null || !node.isObject()) {
            throw Problem.badRequest(what + " is a JSON object, not " + (node == null ? "nothing"
                    : node.getNodeType().name().toLowerCase(Locale.ROOT)), null);
        }
        return (ObjectNode) node;
    }

    /**
     * Reads away a body the request did not use, so that the connection can be reused: left unread, the server
     * may close it while the client already picked it for its next request.
     */
    public static void drain(HttpServletRequest req) {
        try (InputStream in = req.getInputStream()) {
            byte[] chunk = new byte[8192];
            long drained = 0;
            int n;
            while (drained < MAX_DRAIN && (n = in.read(chunk)) > 0) {
                drained += n;
            }
        } catch (IOException | IllegalStateException e) {
            // nothing more to read, or the client went away: either way there is nothing to keep
        }
    }

    /** Writes a JSON answer with Rocmon's serializers. */
    public static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }

    /**
     * Writes a problem as {@code application/problem+json}, with the headers it needs. Does nothing when the
     * answer is already on its way.
     */
    public static void problem(HttpServletResponse resp, Problem problem) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        if (problem.status() == 413) {
            resp.setHeader("Connection", "close"); // what is left of the body is not read
        }
        for (Map.Entry<String, String> h : problem.headers().entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        resp.setStatus(problem.status());
        resp.setContentType(RocmonHttp.PROBLEM_JSON);
        resp.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(resp.getOutputStream(), problem.body());
    }

    private static Problem tooLarge(InputStream in, byte[] chunk, int max) throws IOException {
        long drained = 0;
        int n;
        while (drained < MAX_DRAIN && (n = in.read(chunk)) > 0) {
            drained += n;
        }
        return Problem.of(413, "the request body is larger than " + describe(max));
    }

    private static String describe(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
