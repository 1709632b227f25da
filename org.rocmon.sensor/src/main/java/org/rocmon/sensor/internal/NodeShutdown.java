package org.rocmon.sensor.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework when the JVM is asked to end (SIGTERM, Ctrl-C): the launcher of the exported jar only
 * deletes its temporary folder then, so without this every stop of a node would be a crash for its bundles (no
 * sensor, edge or journal would close cleanly, and values in flight would be published again after the restart).
 * Waits at most {@link #WAIT_SECONDS} for the bundles to stop. Where the framework is already stopping (Karaf's own
 * handling, {@code stop 0}), it only waits.
 */
@Component(immediate = true, service = {})
public final class NodeShutdown {

    static final long WAIT_SECONDS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(NodeShutdown.class);

    private final Thread hook;
    private volatile boolean deactivated;

    @Activate
    public NodeShutdown(BundleContext context) {
        Bundle framework = context.getBundle(0);
        hook = new Thread(() -> stop(framework), "rocmon-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stop(Bundle framework) {
        if (deactivated) {
            return; // the framework stopped first (or this bundle did): nothing to do
        }
        try {
            if (framework.getState() == Bundle.ACTIVE) {
                LOG.info("the JVM is ending: stopping the node's bundles first");
                framework.stop();
            }
        } catch (BundleException | IllegalStateException e) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0
                && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already ending: this hook is the one stopping the framework
        }
    }
}
