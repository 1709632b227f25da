package org.rocmon.api.attributes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;

public class AttributeContextTest {

    private static final String EWMA = "com.example.occi.monitoring.EWMA.";
    private static final String UDP = "com.example.occi.monitoring.SendUDP.";

    private static List<AttributeSpec> specs(String... texts) {
        List<AttributeSpec> out = new ArrayList<>();
        for (String t : texts) {
            out.add(AttributeSpec.parse(t));
        }
        return out;
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static InvalidAttributeException rejected(String prefix, List<AttributeSpec> specs,
            Map<String, Object> attributes) {
        try {
            AttributeContext.create(prefix, specs, "s01", attributes, 1000, Map.of());
        } catch (InvalidAttributeException e) {
            return e;
        }
        fail("expected InvalidAttributeException");
        return null;
    }

    @Test
    public void optionalDefaultAppliesWhenAbsent() throws Exception {
        AttributeContext c = AttributeContext.create(EWMA,
                specs("gain:number=16", "instream:in!", "outstream:out!"), "s01",
                attrs(EWMA + "instream", "a", EWMA + "outstream", "c"), 3000, Map.of());
        assertEquals(16.0, c.number("gain"), 0.0);
        assertEquals(Double.valueOf(16.0), c.attributes().get("gain"));
        assertEquals(3000, c.periodMillis());
        assertEquals("s01", c.entityId());
        assertEquals(EWMA, c.attributePrefix());
    }

    @Test
    public void givenValueOverridesDefault() throws Exception {
        AttributeContext c = AttributeContext.create(EWMA, specs("gain:number=16"), "s01",
                attrs(EWMA + "gain", 4), 1000, Map.of());
        assertEquals(4.0, c.number("gain"), 0.0);
    }

    @Test
    public void requiredMissingNamesFullAttribute() {
        InvalidAttributeException e = rejected(EWMA, specs("instream:in!|input channel"), attrs());
        assertEquals(EWMA + "instream", e.attribute());
        assertTrue(e.getMessage(), e.getMessage().contains("required"));
        assertTrue(e.getMessage(), e.getMessage().contains("input channel"));
    }

    @Test
    public void requiredIsNotSatisfiedByDefault() {
        // AttributeSpec.required(): "a default does not satisfy it".
        InvalidAttributeException e = rejected(EWMA, specs("gain:number!=16"), attrs());
        assertEquals(EWMA + "gain", e.attribute());
        assertTrue(e.getMessage(), e.getMessage().contains("16"));
    }

    @Test
    public void blankStringCountsAsAbsent() {
        InvalidAttributeException e = rejected(EWMA, specs("instream:in!"), attrs(EWMA + "instream", "  "));
        assertEquals(EWMA + "instream", e.attribute());
    }

    @Test
    public void numericStringsAreNumbers() throws Exception {
        AttributeContext c = AttributeContext.create(UDP, specs("port:integer!", "hostname:string!", "rate:number"),
                "s01", attrs(UDP + "port", "8888", UDP + "hostname", "localhost", UDP + "rate", " 2.5 "), 1000,
                Map.of());
        assertEquals(8888L, c.integer("port"));
        assertEquals(8888.0, c.number("port"), 0.0);
        assertEquals(Long.valueOf(8888), c.attributes().get("port"));
        assertEquals(2.5, c.number("rate"), 0.0);
        assertEquals("localhost", c.string("hostname"));
    }

    @Test
    public void nonNumbersRejected() {
        for (Object bad : new Object[] {"abc", "8888f", "0x10", "NaN", "Infinity", "", true, List.of(1)}) {
            if ("".equals(bad)) {
                continue; // blank is absence, tested elsewhere
            }
            InvalidAttributeException e = rejected(EWMA, specs("gain:number"), attrs(EWMA + "gain", bad));
            assertEquals(EWMA + "gain", e.attribute());
            assertTrue(e.getMessage(), e.getMessage().contains("must be a number"));
        }
    }

    @Test
    public void integerMustBeWhole() throws Exception {
        InvalidAttributeException e = rejected(UDP, specs("port:integer"), attrs(UDP + "port", 8888.5));
        assertEquals(UDP + "port", e.attribute());
        assertTrue(e.getMessage(), e.getMessage().contains("whole number"));
        e = rejected(UDP, specs("port:integer"), attrs(UDP + "port", "12.25"));
        assertEquals(UDP + "port", e.attribute());
        e = rejected(UDP, specs("port:integer"), attrs(UDP + "port", 1e30));
        assertEquals(UDP + "port", e.attribute());
        // A whole double and an exponent string are accepted.
        assertEquals(16L, AttributeContext.create(UDP, specs("port:integer"), "s", attrs(UDP + "port", 16.0), 1,
                Map.of()).integer("port"));
        assertEquals(1000L, AttributeContext.create(UDP, specs("port:integer"), "s", attrs(UDP + "port", "1e3"), 1,
                Map.of()).integer("port"));
    }

    @Test
    public void largeLongsStayExact() throws Exception {
        long big = (1L << 53) + 1;
        AttributeContext c = AttributeContext.create(UDP, specs("n:integer"), "s", attrs(UDP + "n", big), 1,
                Map.of());
        assertEquals(big, c.integer("n"));
        c = AttributeContext.create(UDP, specs("n:integer"), "s", attrs(UDP + "n", Long.toString(big)), 1, Map.of());
        assertEquals(big, c.integer("n"));
    }

    @Test
    public void booleansFromJsonAndText() throws Exception {
        AttributeContext c = AttributeContext.create(UDP, specs("a:boolean", "b:boolean", "c:boolean=true"), "s",
                attrs(UDP + "a", false, UDP + "b", "TRUE"), 1, Map.of());
        assertFalse(c.bool("a"));
        assertTrue(c.bool("b"));
        assertTrue(c.bool("c"));
        InvalidAttributeException e = rejected(UDP, specs("a:boolean"), attrs(UDP + "a", "yes"));
        assertEquals(UDP + "a", e.attribute());
        e = rejected(UDP, specs("a:boolean"), attrs(UDP + "a", 1));
        assertEquals(UDP + "a", e.attribute());
    }

    @Test
    public void channelsAreCheckedAndListed() throws Exception {
        AttributeContext c = AttributeContext.create(EWMA,
                specs("instream:in!", "extra:in", "outstream:out!", "gain:number=16"), "s",
                attrs(EWMA + "instream", "cpu.load:1", EWMA + "outstream", "c_avg-1"), 1, Map.of());
        assertEquals(List.of("cpu.load:1"), c.inputs());
        assertEquals(List.of("c_avg-1"), c.outputs());
        assertEquals("c_avg-1", c.channel("outstream"));
        try {
            c.channel("gain");
            fail("gain is not a channel");
        } catch (InvalidAttributeException e) {
            assertEquals(EWMA + "gain", e.attribute());
        }
        for (Object bad : new Object[] {"has space", "a/b", "x".repeat(129), 7}) {
            InvalidAttributeException e = rejected(EWMA, specs("instream:in!"), attrs(EWMA + "instream", bad));
            assertEquals(EWMA + "instream", e.attribute());
        }
    }

    @Test
    public void unknownAttributeRejectedWithFullName() {
        InvalidAttributeException e = rejected(EWMA, specs("gain:number=16"), attrs(EWMA + "gian", 3));
        assertEquals(EWMA + "gian", e.attribute());
        assertTrue(e.getMessage(), e.getMessage().contains(EWMA + "gain"));
    }

    @Test
    public void otherMixinsAttributesAreIgnored() throws Exception {
        AttributeContext c = AttributeContext.create(EWMA, specs("gain:number=16"), "s",
                attrs("occi.sensor.period", 3, UDP + "port", "8888", "com.example.occi.monitoring.EWMAX.gain", 1), 1,
                Map.of());
        assertEquals(Map.of("gain", 16.0), c.attributes());
    }

    @Test
    public void stringRejectsStructures() {
        InvalidAttributeException e = rejected(UDP, specs("hostname:string"), attrs(UDP + "hostname", List.of("a")));
        assertEquals(UDP + "hostname", e.attribute());
    }

    @Test
    public void gettersOnAbsentOptionalNameTheAttribute() throws Exception {
        AttributeContext c = AttributeContext.create(UDP, specs("hostname:string"), "s", attrs(), 1, Map.of());
        assertEquals("fallback", c.string("hostname", "fallback"));
        try {
            c.string("hostname");
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals(UDP + "hostname", e.attribute());
        }
    }

    @Test
    public void listingOneAfterFlatten() throws Exception {
        Map<String, Object> udp = attrs("hostname", "localhost", "port", "8888", "input", "c");
        Map<String, Object> ewma = attrs("gain", 16, "instream", "a", "outstream", "c");
        Map<String, Object> log = attrs("filename", "/tmp/s01.log", "in_msg", "b");
        Map<String, Object> nested = attrs(
                "occi", attrs("sensor", attrs("period", 3)),
                "com", attrs("example", attrs("occi", attrs("monitoring",
                        attrs("SendUDP", udp, "EWMA", ewma, "Log", log)))));
        Map<String, Object> flat = Descriptions.flatten(nested);

        AttributeContext e = AttributeContext.create(EWMA, specs("gain:number!=16", "instream:in!", "outstream:out!"),
                "s01", flat, 3000, Map.of());
        assertEquals(16.0, e.number("gain"), 0.0);
        assertEquals(List.of("a"), e.inputs());
        assertEquals(List.of("c"), e.outputs());

        AttributeContext u = AttributeContext.create(UDP,
                specs("hostname:string!", "port:integer!", "input:in!"), "s01", flat, 3000, Map.of());
        assertEquals(8888L, u.integer("port"));
        assertEquals(List.of("c"), u.inputs());
        assertEquals(List.of(), u.outputs());

        String logPrefix = "com.example.occi.monitoring.Log.";
        AttributeContext l = AttributeContext.create(logPrefix, specs("filename:string!", "in_msg:in!"), "s01", flat,
                3000, Map.of());
        assertEquals("/tmp/s01.log", l.string("filename"));
        assertEquals(List.of("b"), l.inputs());
    }

    @Test
    public void resourceFactsAreCopied() throws Exception {
        Map<String, Object> facts = attrs("cores", 4);
        AttributeContext c = AttributeContext.create(UDP, specs(), "c01", attrs(), 1, facts);
        facts.put("cores", 8);
        assertEquals(4, c.resource().get("cores"));
        assertEquals(Map.of(), AttributeContext.create(UDP, specs(), "c01", null, 1, null).resource());
    }

    @Test
    public void checkSpecsRefusesBadDefaultsAndDuplicates() {
        AttributeContext.checkSpecs(EWMA, specs("gain:number=16", "on:boolean=false", "out:out=c"));
        for (List<AttributeSpec> bad : List.of(specs("gain:number=abc"), specs("on:boolean=maybe"),
                specs("n:integer=1.5"), specs("out:out=a b"), specs("gain:number", "gain:integer"))) {
            try {
                AttributeContext.checkSpecs(EWMA, bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(EWMA));
            }
        }
    }
}
