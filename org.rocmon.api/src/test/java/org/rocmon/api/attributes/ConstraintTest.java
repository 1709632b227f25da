package org.rocmon.api.attributes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/** Ranges, choices and optional channels in the attribute specification (mixin SPI 1.3), checked by the host. */
public class ConstraintTest {

    private static final String P = "com.example.occi.monitoring.EWMA.";

    private static MixinContext context(List<String> specs, Object... kv) throws InvalidAttributeException {
        List<AttributeSpec> parsed = new ArrayList<>();
        for (String s : specs) {
            parsed.add(AttributeSpec.parse(s));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(P + kv[i], kv[i + 1]);
        }
        AttributeContext.checkSpecs(P, parsed);
        return AttributeContext.create(P, parsed, "s01", m, 1000, Map.of());
    }

    private static String rejected(String spec, Object value) {
        try {
            context(List.of(spec), "x", value);
        } catch (InvalidAttributeException e) {
            assertEquals(P + "x", e.attribute());
            return e.getMessage();
        }
        fail("accepted " + value + " for " + spec);
        return null;
    }

    @Test
    public void parsesRangeChoicesAndMarks() {
        AttributeSpec gain = AttributeSpec.parse("gain:number[1,1000]=16|weight");
        assertEquals(1.0, gain.min(), 0);
        assertEquals(1000.0, gain.max(), 0);
        assertTrue(gain.minInclusive() && gain.maxInclusive());
        assertEquals("16", gain.defaultValue());
        assertEquals("weight", gain.description());
        assertEquals("gain:number[1,1000]=16|weight", gain.toString());
        AttributeSpec period = AttributeSpec.parse("period:number!(0,3600]");
        assertTrue(period.required());
        assertFalse(period.minInclusive());
        assertEquals("period:number!(0,3600]", period.toString());
        assertEquals("count:integer[1,]", AttributeSpec.parse("count:integer[1,]!").toString().replace("!", ""));
        assertNull(AttributeSpec.parse("count:integer[1,]").max());
        assertEquals(List.of("avg", "min", "max"), AttributeSpec.parse("mode:string{avg, min,max}=avg").choices());
        AttributeSpec delay = AttributeSpec.parse("delay:out?|round trip");
        assertTrue(delay.optional());
        assertFalse(delay.required());
        // Forms of the previous API parse as before.
        AttributeSpec old = AttributeSpec.parse("gain:number!=16|weight divisor, >= 1 [x]");
        assertNull(old.min());
        assertTrue(old.choices().isEmpty());
        assertEquals("weight divisor, >= 1 [x]", old.description());
    }

    @Test
    public void refusesMalformedConstraints() {
        for (String bad : new String[] {"a:string[1,2]", "a:number{x,y}", "a:number[2,1]", "a:number[1]",
            "a:number[x,2]", "a:integer<1,2>", "a:out!?", "a:in?=x"}) {
            try {
                AttributeSpec.parse(bad);
                fail("parsed " + bad);
            } catch (IllegalArgumentException expected) {
                // ok
            }
        }
        try {
            AttributeContext.checkSpecs(P, List.of(AttributeSpec.parse("gain:number[1,10]=16")));
            fail("default outside its range");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("must be between 1 and 10, not 16"));
        }
    }

    @Test
    public void checksRangesWithUniformMessages() throws Exception {
        assertEquals("attribute '" + P + "x' must be between 1 and 1000, not 0", rejected("x:number[1,1000]", 0));
        assertEquals("attribute '" + P + "x' must be greater than 0 and at most 3600, not 0",
                rejected("x:number(0,3600]", "0"));
        assertEquals("attribute '" + P + "x' must be at least 1, not -2", rejected("x:integer[1,]", -2));
        assertEquals("attribute '" + P + "x' must be less than 1, not 1.5", rejected("x:number(,1)", 1.5));
        assertEquals("attribute '" + P + "x' must be one of avg, min, max, not mean",
                rejected("x:string{avg,min,max}", "mean"));
        assertEquals(1000.0, context(List.of("x:number[1,1000]"), "x", 1000).number("x"), 0);
        assertEquals(0.001, context(List.of("x:number(0,]"), "x", "0.001").number("x"), 0);
        assertEquals("min", context(List.of("x:string{avg,min,max}=avg"), "x", "min").string("x"));
        assertEquals("GET", context(List.of("x:string{GET,HEAD}"), "x", " get ").string("x"));
        assertEquals("avg", context(List.of("x:string{avg,min,max}=avg")).string("x"));
    }

    @Test
    public void optionalChannels() throws Exception {
        List<String> specs = List.of("in:in!", "delay:out?");
        MixinContext without = context(specs, "in", "a");
        assertEquals(Optional.empty(), without.optionalChannel("delay"));
        MixinContext with = context(specs, "in", "a", "delay", "d");
        assertEquals(Optional.of("d"), with.optionalChannel("delay"));
        assertEquals(List.of("d"), ((AttributeContext) with).outputs());
        try {
            context(specs, "in", "a", "delay", "not a channel");
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals(P + "delay", e.attribute());
        }
    }
}
