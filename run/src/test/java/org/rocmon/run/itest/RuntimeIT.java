package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
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

/** The assembled runtime starts: every bundle of the resolved set is active and the node answers HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void everyRuntimeBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int rocmon = 0;
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.rocmon.")) {
                rocmon++;
            }
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState());
            }
        }
        assertEquals("bundles not active: " + notActive, List.of(), notActive);
        assertTrue("all nine Rocmon bundles installed, found " + rocmon, rocmon >= 9);
    }

    @Test
    public void nodeServesItsRestEndpointsAndTheWebConsole() {
        Node node = new Node(context).awaitReady();
        Node.await("the web console asks for credentials", 10_000,
                () -> node.get("/system/console/bundles").code == 401);
    }
}
