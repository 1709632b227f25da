package org.rocmon.sensor.internal;

import java.nio.file.Path;

import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.sensor.internal.fakes.FakeCatalog;

/** Lets tests in sub-packages build a manager without OSGi. */
public final class TestManagers {

    private TestManagers() {
    }

    public static SensorManager create(FakeCatalog catalog, Path dir, int port) {
        return new SensorManager(catalog, new SensorManager.Settings(2, 5000, 1000, dir, port, 60_000, 60_000, 100));
    }

    public static void edges(SensorManager m, CollectorEdges edges) {
        m.useCollectorEdges(edges);
    }

    public static void stop(SensorManager m) {
        m.deactivate();
    }
}
