package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;

public class MixinContextsTest {

    private static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    private static final String[] SPECS = {"hostname:string!|host", "port:integer=9|port"};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void prefixFollowsTheScheme() {
        assertEquals("com.example.occi.monitoring.Probe.", MixinContexts.prefix(SCHEME, "Probe"));
    }

    @Test
    public void nestedDescriptionWithVariablesAndOverrides() throws Exception {
        Path file = tmp.newFile("description.json").toPath();
        Files.writeString(file, "{\"id\":\"s07\",\"attributes\":{\"com\":{\"example\":{\"occi\":{\"monitoring\":"
                + "{\"Probe\":{\"hostname\":\"${host}\",\"port\":\"8888\"}}}}}}}");
        AttributeContext context = MixinContexts.fromFile(file, Map.of("host", "127.0.0.1"), SCHEME, "Probe", SPECS);
        assertEquals("s07", context.entityId());
        assertEquals("127.0.0.1", context.string("hostname"));
        assertEquals(8888, context.integer("port"));
        assertEquals(1234, MixinContexts.fromFile(file, Map.of("host", "h"), Map.of("port", 1234), SCHEME, "Probe",
                SPECS).integer("port"));
    }

    @Test
    public void shortNamesWithDefaultsAndEntityIds() throws Exception {
        AttributeContext sensor = MixinContexts.of(SCHEME, "Probe", SPECS, "hostname", "localhost");
        assertEquals("s01", sensor.entityId());
        assertEquals(9, sensor.integer("port"));
        AttributeContext collector = MixinContexts.of(SCHEME, "Probe", Map.of("hostname", "h"), SPECS);
        assertEquals("c01", collector.entityId());
    }

    @Test
    public void refusalNamesTheAttribute() {
        try {
            MixinContexts.of(SCHEME, "Probe", SPECS, "port", 5);
            fail("hostname is required");
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Probe.hostname", e.attribute());
        }
    }
}
