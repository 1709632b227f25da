package org.rocmon.catalog.internal.repository;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads an OSGi repository index (the R5 XML of the OSGi Repository specification, plain or gzipped) with the
 * JDK's own parser: the runtime needs no bnd classes for it. Relative content URLs are resolved against the
 * index's own location.
 */
public final class IndexReader {

    private IndexReader() {
    }

    /**
     * @param in the index, plain or gzipped; closed by the caller
     * @param location where it came from, to resolve relative content URLs
     * @return its resources, in document order
     * @throws IOException when it cannot be read or is not an index
     */
    public static List<IndexResource> read(InputStream in, URI location) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream body = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered) : buffered;
        Document doc;
        try {
            doc = builder().parse(body);
        } catch (SAXException e) {
            throw new IOException("repository index " + location + " is not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"repository".equals(localName(root))) {
            throw new IOException("repository index " + location + " has root <" + localName(root)
                    + ">, not <repository>");
        }
        List<IndexResource> out = new ArrayList<>();
        for (Element r : children(root, "resource")) {
            out.add(resource(r, location));
        }
        return out;
    }

    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // An index is data from a file or URL: no DTDs, no external entities.
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler prints to stderr; the exception carries the message to the caller instead.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }

    private static IndexResource resource(Element r, URI location) throws IOException {
        List<IndexResource.Capability> caps = new ArrayList<>();
        List<IndexResource.Requirement> reqs = new ArrayList<>();
        String name = null;
        Version version = Version.emptyVersion;
        URI content = null;
        for (Element c : children(r, "capability")) {
            String ns = c.getAttribute("namespace");
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (Element a : children(c, "attribute")) {
                attrs.put(a.getAttribute("name"), typed(a.getAttribute("type"), a.getAttribute("value"), location));
            }
            caps.add(new IndexResource.Capability(ns, Collections.unmodifiableMap(attrs)));
            if ("osgi.identity".equals(ns)) {
                name = String.valueOf(attrs.get("osgi.identity"));
                Object v = attrs.get("version");
                version = v instanceof Version ? (Version) v : Version.emptyVersion;
            } else if ("osgi.content".equals(ns) && content == null && attrs.get("url") != null) {
                try {
                    content = location.resolve(String.valueOf(attrs.get("url")).trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("repository index " + location + " has a bad content url "
                            + attrs.get("url"), e);
                }
            }
        }
        for (Element q : children(r, "requirement")) {
            String filter = null;
            boolean optional = false;
            for (Element d : children(q, "directive")) {
                if ("filter".equals(d.getAttribute("name"))) {
                    filter = d.getAttribute("value");
                } else if ("resolution".equals(d.getAttribute("name"))) {
                    optional = "optional".equals(d.getAttribute("value"));
                }
            }
            reqs.add(new IndexResource.Requirement(q.getAttribute("namespace"), filter, optional));
        }
        if (name == null) {
            throw new IOException("repository index " + location + " has a resource without osgi.identity");
        }
        return new IndexResource(name, version, content, caps, reqs);
    }

    /** Attribute types of the R5 index: String (default), Version, Long, Double and List&lt;T&gt; of those. */
    private static Object typed(String type, String value, URI location) throws IOException {
        String t = type == null || type.isEmpty() ? "String" : type.trim();
        try {
            if (t.startsWith("List<") && t.endsWith(">")) {
                String element = t.substring(5, t.length() - 1);
                List<Object> list = new ArrayList<>();
                for (String part : Arrays.asList(value.split(","))) {
                    list.add(scalar(element, part.trim()));
                }
                return list;
            }
            return scalar(t, value);
        } catch (IllegalArgumentException e) {
            throw new IOException("repository index " + location + ": '" + value + "' is not a " + t, e);
        }
    }

    private static Object scalar(String type, String value) {
        switch (type) {
            case "Version":
                return Version.parseVersion(value.trim());
            case "Long":
                return Long.valueOf(value.trim());
            case "Double":
                return Double.valueOf(value.trim());
            default:
                return value;
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element && name.equals(localName((Element) n))) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String localName(Element e) {
        return e.getLocalName() == null ? e.getTagName() : e.getLocalName();
    }
}
