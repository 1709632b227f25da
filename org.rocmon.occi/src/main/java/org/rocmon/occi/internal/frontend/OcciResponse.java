package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One answer of the OCCI API: status, headers (repeatable) and a body with its media type. */
public final class OcciResponse {
    public final int status;
    public final List<String[]> headers = new ArrayList<>();
    public String contentType;
    public byte[] body = new byte[0];

    public OcciResponse(int status) {
        this.status = status;
    }

    public OcciResponse header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public OcciResponse body(String type, String text) {
        this.contentType = type;
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public OcciResponse body(String type, byte[] bytes) {
        this.contentType = type;
        this.body = bytes;
        return this;
    }

    /** @return the first value of a header, or {@code null} */
    public String first(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
