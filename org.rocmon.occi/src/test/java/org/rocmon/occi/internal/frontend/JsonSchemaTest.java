package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The schema check itself must be able to fail, or the rendering tests prove nothing. */
public class JsonSchemaTest {

    @Test
    public void theSchemaRejectsWhatGfd225Forbids() throws Exception {
        String ok = "{\"kind\":\"k\",\"id\":\"s\",\"attributes\":{\"a\":1}}";
        assertTrue(OcciSchema.violations(Harness.MAPPER.readTree(ok), "resource").isEmpty());
        String extra = "{\"kind\":\"k\",\"id\":\"s\",\"attributes\":{},\"location\":\"/x\"}";
        assertFalse(OcciSchema.violations(Harness.MAPPER.readTree(extra), "resource").isEmpty());
        String emptyMixins = "{\"kind\":\"k\",\"id\":\"s\",\"attributes\":{},\"mixins\":[]}";
        assertFalse(OcciSchema.violations(Harness.MAPPER.readTree(emptyMixins), "resource").isEmpty());
        String bareEnds = "{\"kind\":\"k\",\"id\":\"c\",\"attributes\":{},\"source\":\"g01\",\"target\":\"s01\"}";
        assertFalse(OcciSchema.violations(Harness.MAPPER.readTree(bareEnds), "link").isEmpty());
        String kindWithoutLocation = "{\"kinds\":[{\"term\":\"t\",\"scheme\":\"s#\"}]}";
        assertFalse(OcciSchema.violations(Harness.MAPPER.readTree(kindWithoutLocation), "model").isEmpty());
    }
}
