package org.rocmon.mixins.metric.nagios.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Assume;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.occi.internal.catalog.AttributeContext;

/** Reads the fixture folders under src/test/resources/testcases and builds contexts the way the catalog does. */
final class Fixtures {

    static final Path TESTCASES = Paths.get(System.getProperty("basedir", "."), "src", "test", "resources", "testcases");
    static final Path REAL_PLUGINS = Paths.get("/usr/lib/nagios/plugins");

    static final String[] PLUGIN_SPECS = {NagiosPlugin.COMMAND, NagiosPlugin.ARGS, NagiosPlugin.TIMEOUT,
        OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT, OutputChannels.PERFDATA,
        OutputChannels.PERFPREFIX};

    private Fixtures() {
    }

    /** @return the case folders of one mixin, sorted by name */
    static List<Path> cases(String term) throws IOException {
        try (Stream<Path> s = Files.list(TESTCASES.resolve(term))) {
            return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    static String prefix(String scheme, String term) {
        return AttributeSpec.namespaceOf(scheme) + "." + term + ".";
    }

    static List<AttributeSpec> specs(String... specs) {
        List<AttributeSpec> out = new ArrayList<>();
        for (String s : specs) {
            out.add(AttributeSpec.parse(s));
        }
        return out;
    }

    /** Builds the context from an OCCI description in the paper's nested (or the flat) form. */
    @SuppressWarnings("unchecked")
    static AttributeContext context(Path description, String scheme, String term, String... specs)
            throws IOException, InvalidAttributeException {
        Map<String, Object> entity = new ObjectMapper().readValue(description.toFile(), Map.class);
        Map<String, Object> attributes = Descriptions.flatten((Map<String, ?>) entity.get("attributes"));
        return AttributeContext.create(prefix(scheme, term), specs(specs), (String) entity.get("id"), attributes,
                3000, Map.of());
    }

    /** Builds the context from short attribute names. */
    static AttributeContext context(String scheme, String term, Map<String, Object> attributes, String... specs)
            throws InvalidAttributeException {
        String p = prefix(scheme, term);
        Map<String, Object> flat = new LinkedHashMap<>();
        attributes.forEach((k, v) -> flat.put(p + k, v));
        return AttributeContext.create(p, specs(specs), "c01", flat, 3000, Map.of());
    }

    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** Writes an executable shell script. */
    static Path script(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /**
     * Skips when Debian's plugins are not installed, except under CI, where they must be: a CI run that silently
     * skipped every real-plugin test would prove nothing.
     */
    static void assumeRealPlugins() {
        boolean present = Files.isExecutable(REAL_PLUGINS.resolve("check_dummy"));
        if (!present && System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
            throw new AssertionError("CI is set but " + REAL_PLUGINS + "/check_dummy is missing: install "
                    + "monitoring-plugins-basic and monitoring-plugins-standard");
        }
        Assume.assumeTrue("Monitoring Plugins are not installed", present);
    }

    /** An output that keeps what was written, in order, by channel. */
    static final class Recorder implements Output {
        final Map<String, Measurement> written = new LinkedHashMap<>();
        final List<String> order = new ArrayList<>();

        @Override
        public void write(String channel, Measurement measurement) {
            order.add(channel);
            written.put(channel, measurement);
        }

        Measurement get(String channel) {
            Measurement m = written.get(channel);
            if (m == null) {
                throw new AssertionError("nothing written on '" + channel + "'; written: " + written);
            }
            return m;
        }
    }
}
