package org.rocmon.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Builds a Declarative Services component of a bundle on the class path the way SCR would with no configuration
 * (the defaults of its configuration annotation), found by the service it provides and its properties in the
 * bundle's generated {@code OSGI-INF/*.xml}. Tests and benchmarks use it to run another bundle's component without
 * importing that bundle's {@code .internal} package. Needs the bundle's jar (bnd writes the XML into the jar, not
 * into {@code target/classes}): run with {@code verify} or against installed jars.
 */
public final class DsComponents {

    private DsComponents() {
    }

    /** A component found in a bundle's {@code Service-Component} XML. */
    public static final class Found<T> {
        private final T instance;
        private final Map<String, String> properties;

        Found(T instance, Map<String, String> properties) {
            this.instance = instance;
            this.properties = properties;
        }

        /** @return a fresh instance, constructed as SCR would with the configuration's defaults */
        public T instance() {
            return instance;
        }

        /** @return the component's properties as text (multi-line values as they appear) */
        public Map<String, String> properties() {
            return properties;
        }

        /** @return the lines of a multi-line property, e.g. {@code rocmon.mixin.attributes} */
        public String[] lines(String name) {
            String v = properties.get(name);
            return v == null || v.isBlank() ? new String[0] : v.trim().split("\\s*\\n\\s*");
        }
    }

    /**
     * @param service the interface the component provides
     * @param property a property name, or {@code null} for the first component providing {@code service}
     * @param value the value that property must have
     * @return the component
     * @throws IllegalStateException when no component on the class path matches
     */
    public static <T> Found<T> create(Class<T> service, String property, String value) {
        try {
            ClassLoader loader = DsComponents.class.getClassLoader();
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL manifestUrl = manifests.nextElement();
                String header;
                try (InputStream in = manifestUrl.openStream()) {
                    header = new Manifest(in).getMainAttributes().getValue("Service-Component");
                }
                if (header == null) {
                    continue;
                }
                for (String xml : header.split(",")) {
                    String base = manifestUrl.toString();
                    URL url = new URL(base.substring(0, base.length() - "META-INF/MANIFEST.MF".length()) + xml.trim());
                    Found<T> found = match(url, service, property, value);
                    if (found != null) {
                        return found;
                    }
                }
            }
        } catch (IOException | ReflectiveOperationException | javax.xml.parsers.ParserConfigurationException
                | org.xml.sax.SAXException e) {
            throw new IllegalStateException("cannot build a " + service.getName() + " component", e);
        }
        throw new IllegalStateException("no component on the class path provides " + service.getName()
                + (property == null ? "" : " with " + property + "=" + value));
    }

    private static <T> Found<T> match(URL url, Class<T> service, String property, String value)
            throws IOException, ReflectiveOperationException, javax.xml.parsers.ParserConfigurationException,
            org.xml.sax.SAXException {
        Document doc;
        try (InputStream in = url.openStream()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().parse(in);
        }
        boolean provides = false;
        NodeList provide = doc.getElementsByTagName("provide");
        for (int i = 0; i < provide.getLength(); i++) {
            provides |= service.getName().equals(((Element) provide.item(i)).getAttribute("interface"));
        }
        if (!provides) {
            return null;
        }
        Map<String, String> props = new LinkedHashMap<>();
        NodeList ps = doc.getElementsByTagName("property");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            props.put(p.getAttribute("name"), p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent());
        }
        if (property != null && !value.equals(props.get(property))) {
            return null;
        }
        String impl = ((Element) doc.getElementsByTagName("implementation").item(0)).getAttribute("class");
        Class<?> type = Class.forName(impl, true, DsComponents.class.getClassLoader());
        return new Found<>(service.cast(construct(type)), props);
    }

    private static Object construct(Class<?> type) throws ReflectiveOperationException {
        // @Activate is not kept at run time: take the public constructor with the most configuration parameters.
        Constructor<?> chosen = null;
        for (Constructor<?> c : type.getConstructors()) {
            boolean configOnly = true;
            for (Class<?> p : c.getParameterTypes()) {
                configOnly &= p.isAnnotation();
            }
            if (configOnly && (chosen == null || c.getParameterCount() > chosen.getParameterCount())) {
                chosen = c;
            }
        }
        if (chosen == null) {
            throw new NoSuchMethodException(type.getName() + " has no public constructor");
        }
        List<Object> args = new ArrayList<>();
        for (Class<?> p : chosen.getParameterTypes()) {
            if (!p.isAnnotation()) {
                throw new NoSuchMethodException(type.getName() + " needs a " + p.getName() + " (only configuration"
                        + " annotations are supplied)");
            }
            args.add(defaults(p));
        }
        return chosen.newInstance(args.toArray());
    }

    // A configuration annotation whose every method answers its declared default, as SCR gives with no config.
    private static Object defaults(Class<?> annotation) {
        return Proxy.newProxyInstance(annotation.getClassLoader(), new Class<?>[] {annotation}, (proxy, m, a) -> {
            if (m.getName().equals("annotationType")) {
                return annotation;
            }
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? "defaults of " + annotation.getName()
                        : m.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == a[0];
            }
            return defaultOf(m);
        });
    }

    private static Object defaultOf(Method m) {
        Object d = m.getDefaultValue();
        if (d == null) {
            throw new IllegalStateException(m + " has no default");
        }
        return d;
    }
}
