package org.rocmon.occi.internal.frontend;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Media types of the OCCI renderings, content negotiation, and the OCCI version check. */
public enum Media {
    OCCI_JSON("application/occi+json"),
    JSON("application/json"),
    TEXT_PLAIN("text/plain"),
    TEXT_OCCI("text/occi"),
    URI_LIST("text/uri-list");

    public static final String VERSION = "1.2";
    private static final Pattern OCCI_VERSION = Pattern.compile("OCCI/(\\d{1,6})\\.(\\d{1,6})", Pattern.CASE_INSENSITIVE);

    public final String type;

    Media(String type) {
        this.type = type;
    }

    public boolean isJson() {
        return this == OCCI_JSON || this == JSON;
    }

    /**
     * Picks the rendering for an answer from the Accept header values, in the client's order (entries with
     * {@code q=0} excluded); no Accept means the default, {@code application/occi+json}.
     *
     * @param accept the Accept header values
     * @param uriList whether {@code text/uri-list} can render this answer (collections only)
     * @return the rendering, or {@code null} when nothing acceptable is offered (406)
     */
    public static Media negotiate(List<String> accept, boolean uriList) {
        if (accept == null || accept.isEmpty()) {
            return OCCI_JSON;
        }
        boolean any = false;
        for (String header : accept) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String t = parts[0].trim().toLowerCase(Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                any = true;
                if (refused(parts)) {
                    continue;
                }
                switch (t) {
                    case "*/*":
                    case "application/*":
                    case "application/occi+json":
                        return OCCI_JSON;
                    case "application/json":
                        return JSON;
                    case "text/*":
                    case "text/plain":
                        return TEXT_PLAIN;
                    case "text/occi":
                        return TEXT_OCCI;
                    case "text/uri-list":
                        if (uriList) {
                            return URI_LIST;
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        return any ? null : OCCI_JSON;
    }

    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * @param contentType a request's Content-Type, possibly with parameters, or {@code null}
     * @return the input rendering, or {@code null} when not supported (415)
     */
    public static Media input(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return OCCI_JSON;
        }
        String t = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if ("application/occi+json".equals(t) || "application/json".equals(t) || t.endsWith("+json")) {
            return OCCI_JSON;
        }
        if ("text/occi".equals(t)) {
            return TEXT_OCCI;
        }
        if ("text/plain".equals(t)) {
            return TEXT_PLAIN;
        }
        if ("text/uri-list".equals(t)) {
            return URI_LIST;
        }
        return null;
    }

    /**
     * @param values User-Agent and version header values
     * @return the first OCCI version above 1.2 a client announces (e.g. {@code 1.3}), or {@code null}
     */
    public static String newerVersion(List<String> values) {
        for (String v : values) {
            if (v == null) {
                continue;
            }
            Matcher m = OCCI_VERSION.matcher(v);
            while (m.find()) {
                int major = Integer.parseInt(m.group(1));
                int minor = Integer.parseInt(m.group(2));
                if (major > 1 || (major == 1 && minor > 2)) {
                    return major + "." + minor;
                }
            }
        }
        return null;
    }
}
