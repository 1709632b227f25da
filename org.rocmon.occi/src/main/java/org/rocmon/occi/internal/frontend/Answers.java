package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.json.RocmonJson;

/**
 * How the OCCI front end answers: content negotiation, the JSON and text renderings of a body, the header budget of
 * {@code text/occi}, and refusals as problems in the rendering the client asked for.
 */
final class Answers {

    /** The {@code Server} header of every answer (GFD.223). */
    static final String SERVER = "OCCI/" + Media.VERSION + " Rocmon/1.0";
    /** The Felix HTTP Jetty property that sets the request and response header budget. */
    static final String HEADER_BUDGET_PROPERTY = "org.apache.felix.http.jetty.headerBufferSize";
    /** Felix HTTP Jetty's default for {@link #HEADER_BUDGET_PROPERTY}. */
    static final int DEFAULT_HEADER_BUDGET = 16 * 1024;
    /** Room left in the response header budget for the status line and the headers besides the rendering's. */
    private static final int HEADER_MARGIN = 1024;
    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final int headerBudget;

    /** @param headerBudget the container's response header budget in bytes */
    Answers(int headerBudget) {
        this.headerBudget = headerBudget;
    }

    static Media accept(OcciRequest req, boolean uriList) throws Problem {
        Media m = Media.negotiate(req.header("Accept"), uriList);
        if (m == null) {
            throw Problem.of(406, "none of the accepted media types is offered; use application/occi+json, "
                    + "application/json, text/plain, text/occi" + (uriList ? " or text/uri-list" : ""));
        }
        return m;
    }

    static OcciResponse json(int status, Media m, Object body) {
        try {
            return new OcciResponse(status).body(m.type, MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    OcciResponse text(int status, Media m, List<String> lines) throws Problem {
        OcciResponse r = new OcciResponse(status);
        if (m == Media.TEXT_OCCI) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                r.header(line.substring(0, colon), line.substring(colon + 1).strip());
            }
            return fit(r.body(m.type, "OK\n"));
        }
        return r.body(m.type, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /**
     * GFD.229: header data must not be truncated. A text/occi answer whose headers would not fit the container's
     * budget (the container would fail it with a 500 or a dropped connection) is refused with 406 instead.
     */
    OcciResponse fit(OcciResponse r) throws Problem {
        long size = 0;
        for (String[] h : r.headers) {
            size += h[0].length() + 2 + h[1].getBytes(StandardCharsets.UTF_8).length + 2;
        }
        if (size > headerBudget - HEADER_MARGIN) {
            throw Problem.of(406, "this text/occi rendering needs " + size + " bytes of headers, more than the "
                    + "server's response header budget of " + headerBudget + " bytes (Felix HTTP property "
                    + HEADER_BUDGET_PROPERTY + "); ask for text/plain or application/occi+json, which carry it in "
                    + "the body, or narrow the answer (e.g. ?category=)").with("accept",
                            List.of(Media.TEXT_PLAIN.type, Media.OCCI_JSON.type, Media.JSON.type));
        }
        return r;
    }

    /**
     * Renders a refusal in the rendering the client asked for: JSON clients (and clients that accept no rendering
     * of ours) get RFC 9457 {@code application/problem+json}; text clients get the same members as
     * {@code name: value} lines in {@code text/plain} (GFD.229 gives errors no rendering of their own).
     *
     * @param p the problem
     * @param req the request, for its Accept header; may be null
     * @return the answer, with the headers the problem needs (e.g. {@code Allow})
     */
    static OcciResponse error(Problem p, OcciRequest req) {
        Media m = req == null ? null : Media.negotiate(req.header("Accept"), false);
        OcciResponse r = new OcciResponse(p.status());
        p.headers().forEach(r::header);
        if (m == null || m.isJson()) {
            try {
                return r.body(RocmonHttp.PROBLEM_JSON, MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(p.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot render JSON", e);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> member : p.body().entrySet()) {
            Object v = member.getValue();
            b.append(member.getKey()).append(": ")
                    .append(v instanceof List ? String.join(", ", ((List<?>) v).stream().map(String::valueOf)
                            .toArray(String[]::new)) : String.valueOf(v).replace('\n', ' ').replace('\r', ' '))
                    .append('\n');
        }
        return r.body(Media.TEXT_PLAIN.type, b.toString());
    }

    /** @throws Problem 403 unless the caller has the admin role */
    static void adminOnly(OcciRequest req, String what) throws Problem {
        if (!req.admin) {
            throw Problem.of(403, what + " needs the admin role");
        }
    }

    /** @throws Problem 405 unless the request uses {@code method} (HEAD counts as GET) */
    static void allow(OcciRequest req, String method) throws Problem {
        if (!method.equals(req.method) && !("HEAD".equals(req.method) && "GET".equals(method))) {
            throw notAllowed(req, method);
        }
    }

    /** @return a 405 with the {@code Allow} header listing {@code allowed} ("GET, PUT") */
    static Problem notAllowed(OcciRequest req, String allowed) {
        return Problem.methodNotAllowed(req.method, java.util.Arrays.asList(allowed.split(", ")));
    }
}
