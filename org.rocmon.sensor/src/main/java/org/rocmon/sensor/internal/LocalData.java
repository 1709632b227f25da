package org.rocmon.sensor.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;
import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.control.Sources;

/**
 * The pull of local data (Composite Probes): a sensor's latest value per channel, and the same for a descendant,
 * found by asking the child sensors that feed it, hop by hop.
 */
public final class LocalData {

    /** Deepest hierarchy a query walks, so a misconfigured cycle cannot loop forever. */
    public static final int MAX_HOPS = 16;

    /** Members of a child's problem that are not carried over as extensions of the relayed one. */
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "error", "attribute");

    private final ControlPropagation controls;
    private final ObjectMapper mapper;

    public LocalData(ControlPropagation controls, ObjectMapper mapper) {
        this.controls = controls;
        this.mapper = mapper;
    }

    /**
     * An answer to relay: status and JSON body, or the problem to answer instead.
     *
     * @param status HTTP status
     * @param body the data, or null with a problem
     * @param problem why there is no data, or null
     */
    public record Result(int status, JsonNode body, Problem problem) {

        static Result of(Problem p) {
            return new Result(p.status(), null, p);
        }
    }

    /** @param self the sensor's globally unique id: its base URL */
    public ObjectNode own(Sensor s, String self) {
        ObjectNode n = mapper.createObjectNode();
        n.put("sensor", self);
        n.put("state", s.state()[0]);
        ObjectNode channels = n.putObject("channels");
        for (Map.Entry<String, Measurement> e : new TreeMap<>(s.router().lastValues()).entrySet()) {
            channels.set(e.getKey(), RocmonJson.tree(e.getValue()));
        }
        return n;
    }

    /**
     * @param descendant id or base URL of a sensor below this one
     * @param hops how many more levels may be walked
     */
    public Result descendant(Sensor s, String descendant, int hops) {
        Remote remote = controls.remote();
        return towards(s, descendant, hops, (child, below) -> remote.data(child, below == 0 ? null : descendant,
                below), this::relay, (a, r) -> a.status() == 200);
    }

    /** Asks one child: for itself ({@code below} 0), or to look {@code below} more levels down. */
    interface Hop {
        Remote.Answer ask(String child, int below) throws IOException;
    }

    /**
     * The walk to a descendant that pull and control share: a child the descendant names answers for itself;
     * otherwise, while hops are left, each child is asked to look below itself, and the first that finds it answers.
     * A child's 404 (not below it, or gone) is no failure; any other failure is answered when no child finds it.
     *
     * @param answer what a child's answer becomes
     * @param found whether a child's answer (and what it became) ends the walk
     */
    Result towards(Sensor s, String descendant, int hops, Hop hop,
            java.util.function.BiFunction<String, Remote.Answer, Result> answer,
            java.util.function.BiPredicate<Remote.Answer, Result> found) {
        List<String> children = new ArrayList<>();
        for (String c : controls.children(s)) {
            if (Sources.isSensor(c)) {
                children.add(c);
            }
        }
        for (String c : children) {
            if (Sources.names(c, descendant)) {
                try {
                    return answer.apply(c, hop.ask(c, 0));
                } catch (IOException e) {
                    return badGateway(c, descendant, e);
                }
            }
        }
        Result failure = null;
        if (hops > 1) {
            for (String c : children) {
                try {
                    Remote.Answer a = hop.ask(c, hops - 1);
                    Result r = answer.apply(c, a);
                    if (found.test(a, r)) {
                        return r;
                    }
                    if (a.status() != 404 && failure == null) {
                        failure = r;
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
        return Result.of(Problem.notFound("no descendant " + descendant + " below sensor " + s.id()
                + (hops > 1 ? "" : " within the hop limit")).with("descendant", descendant));
    }

    Result relay(String hop, Remote.Answer a) {
        JsonNode body;
        try {
            body = a.body() == null || a.body().isEmpty() ? null : mapper.readTree(a.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return Result.of(Problem.of(502, "sensor " + hop + " answered " + a.status() + " without a JSON object")
                    .with("hop", hop));
        }
        if (a.status() < 400) {
            return new Result(a.status(), body, null);
        }
        // a child's refusal, passed on; a failure further down is a bad gateway here, and already names its hop
        String detail = body.path("detail").asText(body.path("error").asText("sensor " + hop + " answered "
                + a.status()));
        Problem p = new Problem(a.status() >= 500 ? 502 : a.status(), detail, body.path("attribute").asText(null));
        body.fields().forEachRemaining(f -> {
            if (!STANDARD.contains(f.getKey())) {
                p.with(f.getKey(), f.getValue());
            }
        });
        return Result.of(p);
    }

    static Result badGateway(String hop, String descendant, IOException e) {
        return Result.of(Problem.of(502, "sensor " + hop + " did not answer the query for " + descendant + ": "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))
                .with("hop", hop));
    }
}
