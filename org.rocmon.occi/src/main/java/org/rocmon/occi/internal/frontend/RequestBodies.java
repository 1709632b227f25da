package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.occi.internal.frontend.render.JsonInput;
import org.rocmon.occi.internal.frontend.render.TextInput;

/** What a request carries in the renderings it may be sent in: an entity description, or a list of locations. */
final class RequestBodies {

    private RequestBodies() {
    }

    static Submission submission(OcciRequest req) throws Problem {
        Media in = Media.input(req.first("Content-Type"));
        if (in == null || in == Media.URI_LIST) {
            throw Problem.of(415, "unsupported content type " + req.first("Content-Type")
                    + "; use application/occi+json, application/json, text/occi or text/plain");
        }
        if (in == Media.OCCI_JSON) {
            if (req.first("Content-Type") == null && req.body.length == 0 && !textHeaders(req).isEmpty()) {
                return TextInput.entity(textHeaders(req));
            }
            return JsonInput.entity(req.body);
        }
        if (new String(req.body, StandardCharsets.UTF_8).stripLeading().startsWith("{")) {
            throw Problem.of(415, "the body is JSON but was sent as " + in.type + "; send JSON with Content-Type: "
                    + "application/occi+json or application/json");
        }
        List<String> lines = new ArrayList<>();
        if (in == Media.TEXT_OCCI) {
            lines.addAll(textHeaders(req));
        }
        lines.addAll(bodyLines(req));
        return TextInput.entity(lines);
    }

    private static List<String> textHeaders(OcciRequest req) {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("Category", "X-OCCI-Attribute", "Link")) {
            for (String v : req.header(name)) {
                lines.add(name + ": " + v);
            }
        }
        return lines;
    }

    /**
     * The body's lines, split on LF; a CR before it stays on the line, where {@link TextInput} strips it with the
     * other white space. A one-character split needs no regular expression (see bench/README.md, fuzzing).
     */
    private static List<String> bodyLines(OcciRequest req) {
        String text = new String(req.body, StandardCharsets.UTF_8);
        return text.isBlank() ? List.of() : Arrays.asList(text.split("\n"));
    }

    static List<String> locations(OcciRequest req) throws Problem {
        Media in = Media.input(req.first("Content-Type"));
        if (in == null) {
            throw Problem.of(415, "unsupported content type " + req.first("Content-Type"));
        }
        if (in.isJson() && req.body.length > 0) {
            return JsonInput.locations(req.body);
        }
        List<String> lines = new ArrayList<>();
        for (String v : req.header("X-OCCI-Location")) {
            lines.add("X-OCCI-Location: " + v);
        }
        lines.addAll(bodyLines(req));
        return TextInput.locations(lines);
    }
}
