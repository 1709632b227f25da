package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.Test;

import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/** Secret attributes on the node API: masked in GET, kept by an update that omits them, stored owner-only. */
public class SecretsTest {

    private static final String LOG = FakeCatalog.PUB + "Log";
    private static final String TOKEN = "com.example.occi.monitoring.Log.token";

    @Test
    public void maskedInTheViewKeptOnUpdateStoredOwnerOnly() throws Exception {
        FakeCatalog catalog = new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"),
                List.of());
        AttributeDTO secret = new AttributeDTO();
        secret.name = TOKEN;
        secret.type = "secret";
        catalog.list().get(0).attributes.add(secret);
        Path dir = Harness.tempDir();
        SensorManager m = Harness.manager(catalog, dir, 2, 5000, 1000);
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + LOG + "'",
                    "'com.example.occi.monitoring.Log.in_msg':'a','" + TOKEN + "':'tok-123'"));
            JsonNode shown = m.view().describe(m.sensors().get("s01"));
            assertEquals("******", shown.path("attributes").path(TOKEN).asText());
            assertFalse(shown.toString(), shown.toString().contains("tok-123"));
            // The description shown, posted back with a change: the secret stays
            ObjectNode back = shown.deepCopy();
            ((ObjectNode) back.get("attributes")).put("occi.sensor.period", 2);
            m.registry().define("s01", back);
            assertEquals("tok-123", m.sensors().get("s01").spec().attributes.get(TOKEN));
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + LOG + "'",
                    "'com.example.occi.monitoring.Log.in_msg':'a'"));
            assertEquals("omitted: kept", "tok-123", m.sensors().get("s01").spec().attributes.get(TOKEN));
            Path stored = dir.resolve("sensors/s01.json");
            assertTrue(Files.readString(stored).contains("tok-123"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        } finally {
            m.deactivate();
        }
    }
}
