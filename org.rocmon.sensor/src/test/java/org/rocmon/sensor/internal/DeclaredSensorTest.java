package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

public class DeclaredSensorTest {

    static final String LOG = FakeCatalog.PUB + "Log";

    private Path dir;
    private SensorManager manager;

    @Before
    public void setUp() throws Exception {
        dir = Harness.tempDir();
        manager = Harness.manager(new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new,
                List.of("in_msg"), List.of()), dir, 2, 5000, 1000);
    }

    @After
    public void tearDown() {
        manager.deactivate();
    }

    private static String sensor(String id, double period) throws Exception {
        return Harness.sensor(id, period, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'")
                .toString();
    }

    private static Map<String, Object> props(String pid, String key, String value) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", pid);
        p.put(key, value);
        return p;
    }

    @Test
    public void aConfigurationDefinesUpdatesAndDeletesItsSensor() throws Exception {
        DeclaredSensor d = new DeclaredSensor(props("decl~s01", "description", sensor("s01", 2)), manager);
        assertEquals(2000, manager.sensors().get("s01").spec().periodMillis);
        assertEquals("config:decl~s01", manager.registry().owner("s01"));
        assertEquals("config:decl~s01",
                manager.view().describe(manager.sensors().get("s01")).get("declaredBy").asText());

        d.modified(props("decl~s01", "description", sensor("s01", 0.5)));
        assertEquals(500, manager.sensors().get("s01").spec().periodMillis);

        d.deactivate(DeclaredSensor.REASON_CONFIGURATION_DELETED);
        assertNull(manager.sensors().get("s01"));
        assertNull(manager.registry().owner("s01"));
        assertFalse(Files.exists(dir.resolve("sensors").resolve("s01.json")));
    }

    @Test
    public void aStoppingComponentKeepsTheSensorButLetsGoOfIt() throws Exception {
        DeclaredSensor d = new DeclaredSensor(props("decl~s01", "description", sensor("s01", 1)), manager);
        d.deactivate(6); // bundle stopped
        assertNotNull(manager.sensors().get("s01"));
        assertNull(manager.registry().owner("s01"));
    }

    @Test
    public void aFileIsReadRelativeToTheDataFolder() throws Exception {
        Files.writeString(dir.resolve("s02.json"), sensor("s02", 3));
        new DeclaredSensor(props("decl~f", "file", "s02.json"), manager);
        assertEquals(3000, manager.sensors().get("s02").spec().periodMillis);
    }

    @Test
    public void anInvalidDeclarationIsCountedAndKeepsThePreviousDefinition() throws Exception {
        DeclaredSensor d = new DeclaredSensor(props("decl~s01", "description", sensor("s01", 2)), manager);
        d.modified(props("decl~s01", "description", sensor("s01", 2).replace("2.0", "-1")));
        assertEquals(1, manager.registry().refusedDeclarations());
        assertEquals(2000, manager.sensors().get("s01").spec().periodMillis);

        new DeclaredSensor(props("decl~bad", "description", "{not json"), manager);
        new DeclaredSensor(props("decl~none", "other", "x"), manager);
        new DeclaredSensor(props("decl~missing", "file", "nope.json"), manager);
        assertEquals(4, manager.registry().refusedDeclarations());
        assertEquals(1, manager.sensors().all().size());
    }

    @Test
    public void anotherConfigurationCannotTakeOverADeclaredSensor() throws Exception {
        new DeclaredSensor(props("decl~a", "description", sensor("s01", 2)), manager);
        DeclaredSensor b = new DeclaredSensor(props("decl~b", "description", sensor("s01", 5)), manager);
        assertEquals(2000, manager.sensors().get("s01").spec().periodMillis);
        assertEquals("config:decl~a", manager.registry().owner("s01"));
        assertEquals(1, manager.registry().refusedDeclarations());
        b.deactivate(DeclaredSensor.REASON_CONFIGURATION_DELETED);
        assertNotNull("b never owned it", manager.sensors().get("s01"));
    }

    @Test
    public void changingTheIdMovesTheSensor() throws Exception {
        DeclaredSensor d = new DeclaredSensor(props("decl~x", "description", sensor("s01", 2)), manager);
        d.modified(props("decl~x", "description", sensor("s09", 2)));
        assertNull(manager.sensors().get("s01"));
        assertTrue(manager.sensors().get("s09") != null);
        assertEquals("s09", d.sensorId());
    }
}
