package org.rocmon.catalog.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Version;

import org.rocmon.api.Monitoring;
import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.MixinKind;

public class MixinDescriptorTest {

    private static final Version V1 = new Version(1, 2, 3);

    @Test
    public void parsesMixinTypeProperties() {
        Map<String, Object> p = Fixtures.props(Fixtures.AGG, "EWMA", "AGGREGATOR",
                "gain:number!=16|weight divisor", "instream:in!", "outstream:out!");
        MixinDescriptor d = MixinDescriptor.parse(p, MixinKind.AGGREGATOR, V1, "org.rocmon.mixins.aggregator");
        assertEquals(Fixtures.AGG + "EWMA", d.id());
        assertEquals(MixinKind.AGGREGATOR, d.kind());
        assertEquals("com.example.occi.monitoring.EWMA.", d.attributePrefix());
        assertEquals(3, d.attributes().size());
        assertEquals(V1, d.version());

        MixinDTO dto = d.toDTO();
        assertEquals(Fixtures.AGG + "EWMA", dto.id);
        assertEquals(Fixtures.AGG, dto.scheme);
        assertEquals("EWMA", dto.term);
        assertEquals("aggregator", dto.kind);
        assertEquals(Monitoring.AGGREGATOR_TAG, dto.depends);
        assertEquals(Monitoring.SENSOR_KIND, dto.applies);
        assertEquals("EWMA title", dto.title);
        assertEquals("1.2.3", dto.version);
        assertEquals("org.rocmon.mixins.aggregator", dto.bundle);
        assertEquals("com.example.occi.monitoring.EWMA.", dto.attributePrefix);
        AttributeDTO gain = dto.attributes.get(0);
        assertEquals("com.example.occi.monitoring.EWMA.gain", gain.name);
        assertEquals("number", gain.type);
        assertTrue(gain.required);
        assertEquals("16", gain.defaultValue);
        assertEquals("weight divisor", gain.description);
        assertEquals("in", dto.attributes.get(1).type);
    }

    @Test
    public void metricAppliesToCollector() {
        MixinDTO dto = Fixtures.descriptor(Fixtures.MET, "CPUPercent", MixinKind.METRIC, "1.0.0", "out:out!").toDTO();
        assertEquals("metric", dto.kind);
        assertEquals(Monitoring.METRIC_TAG, dto.depends);
        assertEquals(Monitoring.COLLECTOR_KIND, dto.applies);
    }

    @Test
    public void singleStringAttributeAndLowerCaseKindAccepted() {
        Map<String, Object> p = Fixtures.props(Fixtures.PUB, "Log", "publisher", "filename:string!");
        assertTrue(p.get(MixinDescriptor.ATTRIBUTES) instanceof String);
        MixinDescriptor d = MixinDescriptor.parse(p, MixinKind.PUBLISHER, V1, "b");
        assertEquals(1, d.attributes().size());
        assertEquals("filename", d.attributes().get(0).name());
    }

    @Test
    public void missingKindTakenFromServiceTypeAndNoAttributesIsFine() {
        Map<String, Object> p = Fixtures.props(Fixtures.PUB, "Log", "publisher");
        p.remove(MixinDescriptor.KIND);
        p.remove(MixinDescriptor.ATTRIBUTES);
        MixinDescriptor d = MixinDescriptor.parse(p, MixinKind.PUBLISHER, V1, "b");
        assertEquals(MixinKind.PUBLISHER, d.kind());
        assertTrue(d.attributes().isEmpty());
    }

    @Test
    public void explicitNamespaceWins() {
        Map<String, Object> p = Fixtures.props(Fixtures.AGG, "EWMA", "AGGREGATOR", "gain:number=16");
        p.put(MixinDescriptor.NAMESPACE, new String[] {"org.rocmon."});
        MixinDescriptor d = MixinDescriptor.parse(p, MixinKind.AGGREGATOR, V1, "b");
        assertEquals("org.rocmon.EWMA.", d.attributePrefix());
    }

    @Test
    public void malformedPropertiesAreRefusedWithReason() {
        expectBad(without(MixinDescriptor.SCHEME), "scheme");
        expectBad(with(MixinDescriptor.SCHEME, "http://example.com/x"), "#");
        expectBad(without(MixinDescriptor.TERM), "term");
        expectBad(with(MixinDescriptor.TERM, "EW.MA"), "term");
        expectBad(with(MixinDescriptor.KIND, "SENSOR"), "kind");
        expectBad(with(MixinDescriptor.KIND, "PUBLISHER"), "registered as aggregator");
        expectBad(with(MixinDescriptor.ATTRIBUTES, new String[] {"gain"}), "gain");
        expectBad(with(MixinDescriptor.ATTRIBUTES, new String[] {"gain:float"}), "float");
        expectBad(with(MixinDescriptor.ATTRIBUTES, new String[] {"gain:number=x"}), "gain");
        expectBad(with(MixinDescriptor.ATTRIBUTES, new String[] {"a b:number"}), "bad name");
        expectBad(with(MixinDescriptor.ATTRIBUTES, 42), "strings");
        expectBad(with(MixinDescriptor.TERM, new String[] {"A", "B"}), "one string");
        expectBad(with(MixinDescriptor.NAMESPACE, "bad namespace"), "namespace");
    }

    private static Map<String, Object> without(String key) {
        Map<String, Object> p = Fixtures.props(Fixtures.AGG, "EWMA", "AGGREGATOR", "gain:number=16");
        p.remove(key);
        return p;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> p = Fixtures.props(Fixtures.AGG, "EWMA", "AGGREGATOR", "gain:number=16");
        p.put(key, value);
        return p;
    }

    private static void expectBad(Map<String, Object> p, String mention) {
        try {
            MixinDescriptor.parse(p, MixinKind.AGGREGATOR, V1, "b");
            fail("accepted " + p);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() + " should mention " + mention, e.getMessage().contains(mention));
        }
    }

    @Test
    public void dtosAreFreshCopies() {
        MixinDescriptor d = Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, "1.0.0", "gain:number=1");
        MixinDTO a = d.toDTO();
        a.attributes.clear();
        a.id = "changed";
        assertFalse(d.toDTO().attributes.isEmpty());
        assertEquals(List.of(Fixtures.AGG + "EWMA"), List.of(d.toDTO().id));
    }
}
