package org.rocmon.mixins.aggregator.ewma.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;

public class EwmaTest {

    private static AttributeContext context(Object gain) throws InvalidAttributeException {
        String p = MixinContexts.prefix(Ewma.SCHEME, Ewma.TERM);
        return AttributeContext.create(p, MixinContexts.specs(Ewma.GAIN, Ewma.INSTREAM, Ewma.OUTSTREAM), "s01",
                Map.of(p + "gain", gain, p + "instream", "a", p + "outstream", "c"), 3000, Map.of());
    }

    @Test
    public void averageKeepsTheInputsTimestampSourceUnitAndState() throws Exception {
        Ewma ewma = new Ewma();
        ewma.open(context(4));
        List<Measurement> out = new ArrayList<>();
        Measurement first = Measurement.of(8, 111).withSource("c01").withUnit("%").withState(State.OK);
        ewma.accept("a", first, (ch, m) -> out.add(m));
        ewma.accept("a", Measurement.of(12, 222).withSource("c02"), (ch, m) -> out.add(m));
        assertEquals(first, out.get(0));
        assertEquals(Measurement.of(9, 222).withSource("c02"), out.get(1));
    }

    @Test
    public void infiniteGainIsRefused() throws Exception {
        try {
            new Ewma().open(context(Double.POSITIVE_INFINITY));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.EWMA.gain", e.attribute());
        }
    }

    @Test
    public void refusedInputNamesTheChannelAndValue() throws Exception {
        Ewma ewma = new Ewma();
        ewma.open(context(16));
        try {
            ewma.accept("a", Measurement.of("down", 1), (ch, m) -> fail("nothing may be written"));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'a'") && e.getMessage().contains("down"));
        }
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Ewma().close();
    }
}
