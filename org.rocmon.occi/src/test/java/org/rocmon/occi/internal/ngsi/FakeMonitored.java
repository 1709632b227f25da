package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/** Stands in for the front end and its nodes: stored entities and the node views of each, set by the test. */
class FakeMonitored implements Monitored {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final Map<String, Entity> stored = new TreeMap<>();
    final Map<String, String> views = new ConcurrentHashMap<>();
    volatile boolean down;

    synchronized FakeMonitored entity(String id, String kind, String owner, String source) {
        Entity e = new Entity();
        e.id = id;
        e.kind = kind;
        e.owner = owner;
        e.source = source;
        stored.put(id, e);
        return this;
    }

    /** A sensor view whose channels are {@code name -> {value, ts, unit, state}} given as JSON. */
    FakeMonitored sensorChannels(String id, String channelsJson) {
        views.put(id, "{\"id\":\"" + id + "\",\"channels\":" + channelsJson + "}");
        return this;
    }

    /** A resource view with one collector whose values are given as JSON. */
    FakeMonitored resourceValues(String id, String collector, String valuesJson) {
        views.put(id, "{\"id\":\"" + id + "\",\"collectors\":[{\"id\":\"" + collector + "\",\"values\":"
                + valuesJson + "}]}");
        return this;
    }

    /** A typical set: alice's compute g01 (collector c01) and sensor s01, bob's compute g02. */
    static FakeMonitored typical() {
        return new FakeMonitored()
                .entity("g01", Model.COMPUTE, "alice", null)
                .entity("c01", Model.COLLECTOR, "alice", "g01")
                .entity("s01", Model.SENSOR, "alice", null)
                .entity("g02", Model.COMPUTE, "bob", null)
                .resourceValues("g01", "c01", "{\"cpu\":{\"value\":12.5,\"ts\":1800000000000,\"unit\":\"%\"},"
                        + "\"up\":{\"value\":true,\"ts\":1800000000000,\"state\":\"OK\"}}")
                .sensorChannels("s01", "{\"c\":{\"value\":3,\"ts\":1800000000000,\"source\":\"c01\"}}");
    }

    @Override
    public synchronized List<Entity> all() {
        return new ArrayList<>(stored.values());
    }

    @Override
    public synchronized Entity get(String id) {
        return stored.get(id);
    }

    @Override
    public JsonNode view(Entity e) throws Problem {
        if (down) {
            throw new Problem(502, "node down", null);
        }
        String v = views.get(e.id);
        try {
            return v == null ? null : MAPPER.readTree(v);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }
}
