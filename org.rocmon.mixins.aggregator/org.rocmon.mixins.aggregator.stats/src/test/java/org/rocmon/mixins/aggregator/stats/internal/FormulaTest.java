package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;

import org.junit.Test;

import org.rocmon.api.mixin.InvalidAttributeException;

public class FormulaTest {

    private static final List<String> NAMES = List.of("a", "b", "c.d", "e-f");

    private static double eval(String f, double... v) throws InvalidAttributeException {
        return Formula.compile(f, "x.formula", NAMES).root().eval(v);
    }

    private static String refused(String f) {
        try {
            Formula.compile(f, "x.formula", NAMES);
            fail("accepted " + f);
            return null;
        } catch (InvalidAttributeException e) {
            assertEquals("x.formula", e.attribute());
            return e.getMessage();
        }
    }

    @Test
    public void precedenceAssociativityAndFunctions() throws Exception {
        assertEquals(7, eval("1 + 2 * 3"), 0);
        assertEquals(9, eval("(1 + 2) * 3"), 0);
        assertEquals(1, eval("8 / 4 / 2"), 0);
        assertEquals(-4, eval("2 - 3 - 3"), 0);
        assertEquals(6, eval("- -6"), 0);
        assertEquals(-5, eval("min(a, b, 5) - max(a)", 3, -2, 0, 0), 0);
        assertEquals(250, eval("2.5e2"), 0);
        assertEquals(0.5 * 10 + 0.3 * 20 + 0.2 * 30, eval("0.5*a + 0.3*b + 0.2*c.d", 10, 20, 30, 0), 1e-12);
        assertEquals(3, eval("'e-f' - 1", 0, 0, 0, 4), 0);
        assertTrue(Double.isInfinite(eval("a / b", 1, 0, 0, 0)));
        assertEquals(Set.of("a", "c.d"), Formula.compile("a * c.d + 1", "x", NAMES).used());
    }

    @Test
    public void badFormulasAreRefusedWithThePosition() {
        assertTrue(refused("a +").contains("ends where"));
        assertTrue(refused("a + zz").contains("'zz' is not one of the input channels"));
        assertTrue(refused("(a + b").contains("')' expected"));
        assertTrue(refused("a b").contains("unexpected 'b' at position 3"));
        assertTrue(refused("min(a b)").contains("')' or ',' expected"));
        assertTrue(refused("1..2").contains("is not a number"));
        assertTrue(refused("a ^ 2").contains("unexpected '^'"));
        assertTrue(refused("'e-f").contains("unterminated"));
        assertTrue(refused("   ").contains("empty formula"));
        assertTrue(refused("System.exit(0)").contains("not one of the input channels"));
        assertTrue(refused("(".repeat(100) + "a" + ")".repeat(100)).contains("nested deeper"));
        assertTrue(refused("-".repeat(200) + "a").contains("nested deeper"));
        assertTrue(refused("a+".repeat(1500) + "a").contains("longer than"));
    }
}
