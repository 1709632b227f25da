package org.rocmon.api.attributes;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;

public class SecretsTest {

    private static final String SALT = "com.example.occi.monitoring.Anonymize.salt";

    @Test
    public void namesComeFromTheSecretTypeOfTheAppliedMixins() {
        MixinDTO anonymize = mixin("http://example.com/occi/monitoring/aggregator#Anonymize", SALT, "secret");
        MixinDTO ewma = mixin("http://example.com/occi/monitoring/aggregator#EWMA",
                "com.example.occi.monitoring.EWMA.gain", "number");
        assertEquals(Set.of(SALT), Secrets.names(List.of(anonymize, ewma), null));
        assertEquals(Set.of(), Secrets.names(List.of(anonymize, ewma), List.of(ewma.id)));
    }

    @Test
    public void maskedAndKept() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("occi.sensor.period", 3);
        stored.put(SALT, "pepper-and-salt");
        assertEquals(Map.of("occi.sensor.period", 3, SALT, Secrets.MASK), Secrets.masked(stored, Set.of(SALT)));
        // omitted or sent back masked: the stored secret stays; a new one replaces it; empty clears it
        assertEquals(stored, Secrets.kept(Map.of("occi.sensor.period", 3), stored, Set.of(SALT)));
        assertEquals(stored, Secrets.kept(Secrets.masked(stored, Set.of(SALT)), stored, Set.of(SALT)));
        assertEquals("new-salt-value", Secrets.kept(Map.of(SALT, "new-salt-value"), stored, Set.of(SALT)).get(SALT));
        assertEquals("", Secrets.kept(Map.of(SALT, ""), stored, Set.of(SALT)).get(SALT));
        assertEquals(Map.of(), Secrets.kept(Map.of(SALT, Secrets.MASK), null, Set.of(SALT)));
    }

    private static MixinDTO mixin(String id, String attribute, String type) {
        MixinDTO m = new MixinDTO();
        m.id = id;
        AttributeDTO a = new AttributeDTO();
        a.name = attribute;
        a.type = type;
        m.attributes.add(a);
        return m;
    }
}
