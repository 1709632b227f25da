package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Two promises of issue 11, on one node booted <em>without the OCCI front end</em> ({@code org.rocmon.occi} left
 * out of the runtime's bundle set) and without the EWMA bundle of this build:
 * <ul>
 * <li>the sensor and collector run on the plugin host ({@code org.rocmon.catalog}) alone;</li>
 * <li>a mixin bundle built against the previous API (mixin SPI 1.2: {@code run/fixtures/oldapi}, the EWMA jar
 * built from the commit before SPI 1.3, checked in unchanged) resolves against API 1.3 and produces values.</li>
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiCompatibilityIT {

    static final String OLD_EWMA = "fixtures/oldapi/org.rocmon.mixins.aggregator.ewma-1.0.0-api-1.2.jar";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout("org.rocmon.occi-", "org.rocmon.mixins.aggregator.ewma-");
    }

    @Test
    public void oldApiMixinRunsOnANodeWithoutTheFrontEnd() throws Exception {
        assertTrue("no OCCI front end", MixinTests.bundles(context, "org.rocmon.occi").isEmpty());
        assertEquals(Bundle.ACTIVE, MixinTests.bundles(context, "org.rocmon.catalog").get(0).getState());
        Node node = new Node(context).awaitReady();

        // run/target/mixins -> run/
        Path run = MixinTests.mixinsFolder(context).getParent().getParent();
        Path jar = run.resolve(OLD_EWMA);
        assertTrue(jar + " missing", Files.isRegularFile(jar));
        Bundle old = context.installBundle(jar.toUri().toString());
        old.start();
        BundleWiring wiring = old.adapt(BundleWiring.class);
        String mixinApi = null;
        for (BundleWire w : wiring.getRequiredWires("osgi.wiring.package")) {
            if ("org.rocmon.api.mixin".equals(w.getCapability().getAttributes().get("osgi.wiring.package"))) {
                mixinApi = String.valueOf(w.getCapability().getAttributes().get("version"));
            }
        }
        String imports = old.getHeaders().get("Import-Package");
        assertTrue("built against the previous SPI: " + imports, imports.contains("org.rocmon.api.mixin;version=\"[1.2,2)\""));
        assertEquals("wired to this build's SPI", "1.4.0", mixinApi);

        Path log = Files.createTempDirectory(node.data, "compat-").resolve("s1.log");
        Node.Response s = node.post("/sensor/s1/", MixinTests.ewmaSensor("s1", log, "c01", null));
        assertEquals(s.body, 201, s.code);
        Node.Response c = node.post("/resource/g01/collector/c01", Node.listing2("c01", 0.5, "s1", "g01"));
        assertTrue(c.body, c.code == 201 || c.code == 200);
        try {
            Node.await("the collector's CPUPercent reaches the Log through the old EWMA", 20_000,
                    () -> MixinTests.values(log).size() >= 3);
            List<Double> values = MixinTests.values(log);
            for (double v : values) {
                assertTrue("a CPU percentage: " + values, v >= 0 && v <= 100);
            }
            assertEquals("1.0.0", MixinTests.ewmaVersion(node, "s1"));
            assertEquals("running", MixinTests.state(node, "s1"));
            // The old bundle still validates its own attributes (its hand-written check), through the host.
            Node.Response bad = node.post("/sensor/s2/", MixinTests.ewmaSensor("s2", log, "c02", null)
                    .replace("\"gain\":1,", "\"gain\":0,"));
            assertEquals(bad.body, 400, bad.code);
            assertTrue(bad.body, bad.body.contains("gain"));
        } finally {
            node.delete("/resource/g01/collector/c01");
            node.delete("/sensor/s1/");
        }
    }
}
