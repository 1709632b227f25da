package org.rocmon.sensor.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.control.Sources;

/**
 * The pull of local data (Composite Probes): a sensor's latest value per channel, and the same for a descendant,
 * found by asking the child sensors that feed it, hop by hop.
 */
public final class LocalData {

    /** Deepest hierarchy a query walks, so a misconfigured cycle cannot loop forever. */
    public static final int MAX_HOPS = 16;

    private final SensorManager manager;
    private final SensorView view;
    private final ObjectMapper mapper;

    public LocalData(SensorManager manager, SensorView view, ObjectMapper mapper) {
        this.manager = manager;
        this.view = view;
        this.mapper = mapper;
    }

    /** An answer to relay: status and JSON body. */
    public record Result(int status, JsonNode body) {
    }

    /** @param self the sensor's globally unique id: its base URL */
    public ObjectNode own(Sensor s, String self) {
        ObjectNode n = mapper.createObjectNode();
        n.put("sensor", self);
        n.put("state", s.state()[0]);
        ObjectNode channels = n.putObject("channels");
        for (Map.Entry<String, Measurement> e : new TreeMap<>(s.router().lastValues()).entrySet()) {
            channels.set(e.getKey(), view.measurement(e.getValue()));
        }
        return n;
    }

    /**
     * @param descendant id or base URL of a sensor below this one
     * @param hops how many more levels may be walked
     */
    public Result descendant(Sensor s, String descendant, int hops) {
        List<String> children = new ArrayList<>();
        for (String c : manager.children(s)) {
            if (Sources.isSensor(c)) {
                children.add(c);
            }
        }
        Remote remote = manager.remote();
        for (String c : children) {
            if (Sources.names(c, descendant)) {
                try {
                    Remote.Answer a = remote.data(c, null, 0);
                    return relay(c, a);
                } catch (IOException e) {
                    return badGateway(c, descendant, e);
                }
            }
        }
        Result failure = null;
        if (hops > 1) {
            for (String c : children) {
                try {
                    Remote.Answer a = remote.data(c, descendant, hops - 1);
                    if (a.status() == 200) {
                        return relay(c, a);
                    }
                    if (a.status() != 404 && failure == null) {
                        failure = relay(c, a);
                    }
                } catch (IOException e) {
                    if (failure == null) {
                        failure = badGateway(c, descendant, e);
                    }
                }
            }
        }
        if (failure != null) {
            return failure;
        }
        ObjectNode e = mapper.createObjectNode();
        e.put("error", "no descendant " + descendant + " below sensor " + s.id()
                + (hops > 1 ? "" : " within the hop limit"));
        e.put("descendant", descendant);
        return new Result(404, e);
    }

    private Result relay(String hop, Remote.Answer a) {
        JsonNode body;
        try {
            body = a.body() == null || a.body().isEmpty() ? null : mapper.readTree(a.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            ObjectNode err = mapper.createObjectNode();
            err.put("error", "sensor " + hop + " answered " + a.status() + " without a JSON object");
            err.put("hop", hop);
            return new Result(502, err);
        }
        if (a.status() >= 500) {
            return new Result(502, body); // already names the hop that failed further down
        }
        return new Result(a.status(), body);
    }

    private Result badGateway(String hop, String descendant, IOException e) {
        ObjectNode err = mapper.createObjectNode();
        err.put("error", "sensor " + hop + " did not answer the query for " + descendant + ": "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        err.put("hop", hop);
        return new Result(502, err);
    }
}
