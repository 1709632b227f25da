package org.rocmon.json;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;
import org.rocmon.api.Measurement;
import org.rocmon.api.State;

public class RocmonJsonTest {

    private final ObjectMapper mapper = RocmonJson.mapper();

    @Test
    public void wholeNumbersHaveNoFraction() throws Exception {
        assertEquals("{\"value\":3,\"ts\":1000}", mapper.writeValueAsString(Measurement.of(3.0, 1000)));
        assertEquals("{\"value\":-2,\"ts\":1}", mapper.writeValueAsString(Measurement.of(-2.0, 1)));
    }

    @Test
    public void fractionsAndLargeNumbersKeepTheirForm() throws Exception {
        assertEquals("{\"value\":2.5,\"ts\":0}", mapper.writeValueAsString(Measurement.of(2.5, 0)));
        assertEquals("{\"value\":1.0E15,\"ts\":0}", mapper.writeValueAsString(Measurement.of(1e15, 0)));
    }

    @Test
    public void nonFiniteNumbersAreStrings() throws Exception {
        assertEquals("{\"value\":\"NaN\",\"ts\":0}", mapper.writeValueAsString(Measurement.of(Double.NaN, 0)));
        assertEquals("{\"value\":\"-Infinity\",\"ts\":0}",
                mapper.writeValueAsString(Measurement.of(Double.NEGATIVE_INFINITY, 0)));
    }

    @Test
    public void optionalFieldsInOrderWhenPresent() throws Exception {
        Measurement m = Measurement.of("up", 5).withSource("c1").withUnit("%").withState(State.WARNING);
        assertEquals("{\"value\":\"up\",\"ts\":5,\"source\":\"c1\",\"unit\":\"%\",\"state\":\"WARNING\"}",
                mapper.writeValueAsString(m));
    }

    @Test
    public void treeAndSerializerAgree() throws Exception {
        for (Measurement m : new Measurement[] {Measurement.of(7.0, 1), Measurement.of(0.25, 2),
                Measurement.of(true, 3).withSource("s"), Measurement.of(Double.POSITIVE_INFINITY, 4).withUnit("ms"),
                Measurement.of("a\"b\n", 5)}) {
            assertEquals(mapper.writeValueAsString(m), mapper.writeValueAsString(RocmonJson.tree(m)));
        }
    }

    @Test
    public void publishedMeasurementPutsWhereFirst() throws Exception {
        Measurement m = Measurement.of(12.0, 99).withSource("c01").withUnit("ms");
        assertEquals("{\"ts\":99,\"sensor\":\"s01\",\"channel\":\"a\",\"value\":12,\"source\":\"c01\",\"unit\":\"ms\"}",
                mapper.writeValueAsString(new PublishedMeasurement("s01", "a", m)));
    }

    @Test
    public void textIsEscaped() throws Exception {
        assertEquals("{\"ts\":0,\"sensor\":\"s\",\"channel\":\"c\",\"value\":\"line\\nbreak \\\"q\\\"\"}",
                mapper.writeValueAsString(new PublishedMeasurement("s", "c", Measurement.of("line\nbreak \"q\"", 0))));
    }

    @Test
    public void theFrameAValueCameInFollowsItsOtherFields() throws Exception {
        Measurement m = Measurement.of(7.0, 5).withSource("c1").withOrigin(1732262400000L, 42);
        assertEquals("{\"value\":7,\"ts\":5,\"source\":\"c1\",\"epoch\":1732262400000,\"seq\":42}",
                mapper.writeValueAsString(m));
        assertEquals(mapper.writeValueAsString(m), RocmonJson.tree(m).toString());
        // a derived value keeps where it came from
        assertEquals(42, m.withValue(8).withUnit("%").seq());
    }
}
