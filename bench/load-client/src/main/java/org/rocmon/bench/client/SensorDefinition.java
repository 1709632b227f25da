package org.rocmon.bench.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sensor under test in the flat OCCI form: EWMA reads "a" and writes "c"; Count reads "c" and, for
 * many-channel frames, m1..m(k-1) through its optional in1..in99 inputs; every load collector is in "links"
 * so the sensor admits it.
 */
final class SensorDefinition {

    static final String EWMA = "http://example.com/occi/monitoring/aggregator#EWMA";
    static final String COUNT = "http://example.com/occi/monitoring/publisher#Count";
    private static final String NS = "com.example.occi.monitoring.";

    private SensorDefinition() {
    }

    /**
     * @param id sensor id
     * @param collectors how many collectors b0..b(n-1) to admit
     * @param channels channels per frame (at most 100 are counted)
     * @param statsFile absolute path the Count publisher writes
     * @param period sensor period, seconds
     * @return the JSON body
     */
    static ObjectNode build(String id, int collectors, int channels, String statsFile, double period) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode body = mapper.createObjectNode();
        body.put("id", id);
        body.put("kind", "http://schemas.ogf.org/occi/monitoring#sensor");
        body.putArray("mixins").add(EWMA).add(COUNT);
        ObjectNode a = body.putObject("attributes");
        a.put("occi.sensor.period", period);
        a.put(NS + "EWMA.gain", 16);
        a.put(NS + "EWMA.instream", "a");
        a.put(NS + "EWMA.outstream", "c");
        a.put(NS + "Count.input", "c");
        a.put(NS + "Count.statsfile", statsFile);
        for (int i = 1; i < Math.min(channels, 100); i++) {
            a.put(NS + "Count.in" + i, FrameWriter.extraChannel(i));
        }
        ArrayNode links = body.putArray("links");
        for (int i = 0; i < collectors; i++) {
            links.add(collectorId(i));
        }
        return body;
    }

    static String collectorId(int i) {
        return "b" + i;
    }
}
