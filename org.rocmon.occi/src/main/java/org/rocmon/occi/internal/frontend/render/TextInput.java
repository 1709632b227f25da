package org.rocmon.occi.internal.frontend.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.api.Measurement;

/**
 * Reads an entity from the OCCI text rendering (GFD.229): {@code Category}, {@code X-OCCI-Attribute} and
 * {@code Link} lines, either as HTTP headers ({@code text/occi}) or as body lines ({@code text/plain}).
 */
public final class TextInput {

    private TextInput() {
    }

    /** @param lines {@code Name: value} lines, one header or body line each */
    public static Submission entity(List<String> lines) throws Problem {
        Submission s = new Submission();
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> mixins = new ArrayList<>();
        boolean any = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw Problem.badRequest("malformed text/occi line (no \"Name:\"): " + clip(line), null);
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "category":
                    any = true;
                    for (String category : split(value, ',')) {
                        category(category, s, mixins);
                    }
                    break;
                case "x-occi-attribute":
                    any = true;
                    for (String pair : split(value, ',')) {
                        attribute(pair, attributes);
                    }
                    break;
                case "link":
                case "x-occi-location":
                    // Links of a resource are created as collector entities of their own.
                    break;
                default:
                    throw Problem.badRequest("unexpected line \"" + name + "\" in a text/occi rendering", null);
            }
        }
        if (!any) {
            throw Problem.badRequest("no Category or X-OCCI-Attribute in the text/occi rendering", null);
        }
        if (!mixins.isEmpty()) {
            s.mixins = mixins;
        }
        JsonInput.takeCore(attributes, s);
        s.attributes.putAll(attributes);
        return s;
    }

    /** @return the locations of {@code X-OCCI-Location} lines or of a {@code text/uri-list} body */
    public static List<String> locations(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("x-occi-location:")) {
                for (String l : split(line.substring("x-occi-location:".length()), ',')) {
                    out.add(l.strip());
                }
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static void category(String text, Submission s, List<String> mixins) throws Problem {
        if (text.isBlank()) {
            return;
        }
        List<String> parts = split(text, ';');
        String term = parts.isEmpty() ? "" : parts.get(0).strip();
        String scheme = null;
        String clazz = null;
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i).strip();
            int eq = p.indexOf('=');
            if (p.isEmpty()) {
                continue;
            }
            if (eq <= 0) {
                throw Problem.badRequest("malformed Category parameter \"" + clip(p) + "\"", "Category");
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(p.substring(eq + 1).strip(), "Category");
            if ("scheme".equals(key)) {
                scheme = value;
            } else if ("class".equals(key)) {
                clazz = value.toLowerCase(Locale.ROOT);
            }
        }
        if (term.isEmpty() || scheme == null || clazz == null) {
            throw Problem.badRequest("a Category needs a term, scheme=\"...\" and class=\"...\": " + clip(text),
                    "Category");
        }
        String id = scheme + term;
        if ("kind".equals(clazz)) {
            if (s.kind != null && !s.kind.equals(id)) {
                throw Problem.badRequest("more than one kind", "kind");
            }
            s.kind = id;
        } else if ("mixin".equals(clazz)) {
            mixins.add(id);
        } else {
            throw Problem.badRequest("Category class must be kind or mixin, not \"" + clazz + "\"", "Category");
        }
    }

    private static void attribute(String pair, Map<String, Object> attributes) throws Problem {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw Problem.badRequest("malformed X-OCCI-Attribute \"" + clip(pair) + "\" (expected name=value)", null);
        }
        String name = pair.substring(0, eq).strip();
        String text = pair.substring(eq + 1).strip();
        Object value;
        if (text.startsWith("\"")) {
            value = unquote(text, name);
        } else if ("true".equals(text) || "false".equals(text)) {
            value = Boolean.valueOf(text);
        } else {
            try {
                double d = Double.parseDouble(text);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                value = Measurement.isWhole(d) && !text.contains(".") ? (Object) (long) d : d;
            } catch (NumberFormatException e) {
                throw Problem.badRequest("value of " + name + " is neither a quoted string, a number nor a boolean",
                        name);
            }
        }
        if (attributes.put(name, value) != null) {
            throw Problem.badRequest("attribute " + name + " is given twice", name);
        }
    }

    private static String unquote(String text, String attribute) throws Problem {
        if (!text.startsWith("\"")) {
            return text;
        }
        if (text.length() < 2 || !text.endsWith("\"")) {
            throw Problem.badRequest("unterminated quoted string for " + attribute, attribute);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                b.append(text.charAt(++i));
            } else if (c == '"') {
                throw Problem.badRequest("unescaped quote in the value of " + attribute, attribute);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Splits on {@code sep} outside double quotes. */
    static List<String> split(String text, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || !out.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
