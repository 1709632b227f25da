package org.rocmon.run.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** HTTP calls to the OCCI front end with any headers, keeping the answer's headers (Node.call sets its own Accept). */
final class OcciHttp {

    private final String base;
    private final Node node;

    OcciHttp(Node node) {
        this.base = node.base;
        this.node = node;
    }

    /** One answer with its headers. */
    static final class Answer {
        final String request;
        final int code;
        final String body;
        final Map<String, List<String>> headers;

        Answer(String request, int code, String body, Map<String, List<String>> headers) {
            this.request = request;
            this.code = code;
            this.body = body;
            this.headers = headers;
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    return String.join(", ", e.getValue());
                }
            }
            return null;
        }

        Map<String, Object> json() {
            return Json.object(body);
        }

        @Override
        public String toString() {
            return request + " -> " + code + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }

    Answer get(String path, String... headers) {
        return call("GET", path, null, null, headers);
    }

    Answer put(String path, String json) {
        return call("PUT", path, "application/occi+json", json.getBytes(StandardCharsets.UTF_8));
    }

    Answer delete(String path) {
        return call("DELETE", path, null, null);
    }

    Answer call(String method, String path, String contentType, byte[] body, String... headers) {
        try {
            HttpURLConnection c = node.open(base + path);
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(20_000);
            c.setRequestProperty("Connection", "close");
            String authorization = node.authorization(path);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                if ("Authorization".equalsIgnoreCase(headers[i])) {
                    c.setRequestProperty(headers[i], headers[i + 1]); // the test's own credentials win
                } else {
                    c.addRequestProperty(headers[i], headers[i + 1]);
                }
            }
            if (body != null) {
                c.setDoOutput(true);
                if (contentType != null) {
                    c.setRequestProperty("Content-Type", contentType);
                }
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                } catch (IOException e) {
                    // The server may answer (413) before it read everything.
                }
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    text = out.toString(StandardCharsets.UTF_8);
                }
            }
            Map<String, List<String>> h = c.getHeaderFields();
            c.disconnect();
            return new Answer(method + " " + path, code, text, h);
        } catch (IOException e) {
            return new Answer(method + " " + path, -1, e.toString(), Map.of());
        }
    }

    /** @return the value of one attribute of an entity's JSON rendering */
    static Object attribute(Answer entity, String name) {
        Object attributes = entity.json().get("attributes");
        return attributes instanceof Map ? ((Map<?, ?>) attributes).get(name) : null;
    }
}
