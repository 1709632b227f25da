package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.Test;

/**
 * The convention of cnf/ext/mixin.bnd, checked on the built jars of the mixin repository (no framework needed):
 * every mixin bundle declares exactly one {@code rocmon.mixin} capability per {@code @MixinType} component
 * (scheme, term, kind in lower case) with the bundle's version, and the index offers every one of them.
 */
public class MixinCapabilityIT {

    private static final Pattern PROPERTY = Pattern.compile(
            "<property name=\"rocmon\\.mixin\\.(scheme|term|kind)\"[^>]*value=\"([^\"]*)\"");

    private static Path target() {
        return Path.of(System.getProperty("rocmon.runtime.jar", "target/rocmon.jar")).toAbsolutePath().getParent();
    }

    @Test
    public void everyMixinBundleDeclaresItsMixinsAsCapabilities() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String folder : new String[] {"mixins", "fixtures"}) {
            try (Stream<Path> s = Files.list(target().resolve(folder))) {
                jars.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList()));
            }
        }
        assertTrue("the build copies the 13 mixin bundles and the fixture: " + jars, jars.size() >= 14);
        for (Path jar : jars) {
            try (JarFile f = new JarFile(jar.toFile())) {
                Manifest m = f.getManifest();
                String version = m.getMainAttributes().getValue("Bundle-Version");
                TreeSet<String> declared = new TreeSet<>();
                for (Map<String, String> cap : capabilities(m.getMainAttributes().getValue("Provide-Capability"))) {
                    if ("rocmon.mixin".equals(cap.get(""))) {
                        assertEquals(jar + ": capability version is the bundle's", version, cap.get("version"));
                        declared.add(cap.get("scheme") + cap.get("term") + " " + cap.get("kind"));
                    }
                }
                TreeSet<String> components = new TreeSet<>();
                for (ZipEntry e : f.stream().filter(e -> e.getName().startsWith("OSGI-INF/")
                        && e.getName().endsWith(".xml")).collect(Collectors.toList())) {
                    try (InputStream in = f.getInputStream(e)) {
                        Map<String, String> p = new LinkedHashMap<>();
                        Matcher mt = PROPERTY.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        while (mt.find()) {
                            p.put(mt.group(1), mt.group(2));
                        }
                        if (p.containsKey("term")) {
                            components.add(p.get("scheme") + p.get("term") + " " + p.get("kind").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                assertFalse(jar + " has @MixinType components", components.isEmpty());
                assertEquals(jar + ": rocmon.mixin capabilities (bnd.bnd) vs @MixinType components", components,
                        declared);
            }
        }
    }

    @Test
    public void theIndexOffersEveryMixinBundleWithRelativeUrls() throws Exception {
        String index = Files.readString(target().resolve("mixins/index.xml"));
        List<Path> jars;
        try (Stream<Path> s = Files.list(target().resolve("mixins"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
        }
        assertEquals("one resource per bundle in target/mixins", jars.size(), count(index, "<resource>"));
        int capabilities = 0;
        for (Path jar : jars) {
            assertTrue(jar + " is offered by a relative URL", index.contains("<attribute name=\"url\" value=\""
                    + jar.getFileName() + "\"/>"));
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Map<String, String> cap : capabilities(f.getManifest().getMainAttributes()
                        .getValue("Provide-Capability"))) {
                    capabilities += "rocmon.mixin".equals(cap.get("")) ? 1 : 0;
                }
            }
        }
        assertTrue("the 13 original mixin bundles at least: " + jars.size(), jars.size() >= 13);
        assertEquals("every rocmon.mixin capability is in the index", capabilities,
                count(index, "namespace=\"rocmon.mixin\""));
        assertFalse("test fixtures stay out of the runtime's repository", index.contains("fixtures"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Parses an OSGi capability header: clauses by comma, parameters by semicolon, quotes respected. */
    static List<Map<String, String>> capabilities(String header) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String clause : split(header, ',')) {
            Map<String, String> c = new LinkedHashMap<>();
            List<String> parts = split(clause, ';');
            c.put("", parts.get(0).trim());
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IOException("bad parameter " + part);
                }
                String key = part.substring(0, eq).trim();
                if (key.endsWith(":")) {
                    continue; // a directive (:=)
                }
                int colon = key.indexOf(':');
                key = colon < 0 ? key : key.substring(0, colon);
                String value = part.substring(eq + 1).trim();
                if (value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                c.put(key, value);
            }
            out.add(c);
        }
        return out;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : s.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
