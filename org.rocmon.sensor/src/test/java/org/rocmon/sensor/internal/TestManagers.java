package org.rocmon.sensor.internal;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.http.Problem;

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

    /** Defines a sensor as the configuration {@code pid} would. */
    public static void declare(SensorManager m, String pid, String id, JsonNode body) throws Problem {
        m.registry().defineOwned("config:" + pid, id, body);
    }

    public static void stop(SensorManager m) {
        m.deactivate();
    }
}
