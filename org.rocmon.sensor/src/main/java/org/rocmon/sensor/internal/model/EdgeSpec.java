package org.rocmon.sensor.internal.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Monitoring;
import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.http.Problem;

/**
 * A validated sensor-to-sensor collector: which channels of this sensor to forward, how often, and to which
 * parent sensor.
 */
public final class EdgeSpec {

    /** Attribute naming the channels to forward: a list or a comma-separated string. */
    public static final String CHANNELS = "rocmon.collector.channels";

    public final String id;
    public final String sensorId;
    public final String target;
    /** Id of the target when it is on this node, else null. */
    public final String localTarget;
    public final URI uri;
    /** Channels to forward; empty means every channel this sensor's aggregators write. */
    public final List<String> channels;
    public final long periodMillis;
    public final TimeWindow window;
    public final Map<String, Object> attributes;
    public final ObjectNode description;

    private EdgeSpec(String id, String sensorId, String target, String localTarget, URI uri, List<String> channels,
            long periodMillis, TimeWindow window, Map<String, Object> attributes, ObjectNode description) {
        this.id = id;
        this.sensorId = sensorId;
        this.target = target;
        this.localTarget = localTarget;
        this.uri = uri;
        this.channels = List.copyOf(channels);
        this.periodMillis = periodMillis;
        this.window = window;
        this.attributes = attributes;
        this.description = description;
    }

    /**
     * @param sensorId the sensor the collector reads from
     * @param id the collector id from the path
     * @param body the collector description (listing 2 shape, kind collector)
     * @param node this node's URL, for targets given as a bare sensor id
     */
    public static EdgeSpec parse(String sensorId, String id, JsonNode body, NodeUrl node, ObjectMapper mapper)
            throws Problem {
        if (body == null || !body.isObject()) {
            throw Problem.of(400, "a collector description is a JSON object");
        }
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isNull() && !id.equals(idNode.asText())) {
            throw Problem.badRequest("id \"" + idNode.asText() + "\" differs from the path id \"" + id + "\"", "id");
        }
        JsonNode kind = body.get("kind");
        if (kind != null && !kind.isNull() && !Monitoring.COLLECTOR_KIND.equals(kind.asText())) {
            throw Problem.badRequest("kind must be " + Monitoring.COLLECTOR_KIND + ", not " + kind.asText(), "kind");
        }
        List<String> mixins = SensorParser.strings(body.get("mixins"), "mixins");
        if (!mixins.isEmpty()) {
            throw Problem.badRequest("a sensor-to-sensor collector forwards channels and takes no "
                    + "metric mixins", "mixins");
        }
        Map<String, Object> attrs = new SensorParser(mapper).attributes(body.get("attributes"));
        long period = Attributes.periodMillis(attrs, Monitoring.COLLECTOR_PERIOD);
        TimeWindow window = Attributes.window(attrs, "occi.collector.");
        JsonNode t = body.get("target");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw Problem.badRequest("target is required: the parent sensor's id or URL", "target");
        }
        String target = t.asText().trim();
        String local = null;
        URI uri;
        if (target.contains("://")) {
            uri = toWebSocket(target);
        } else {
            local = Ids.check(target, "target");
            uri = node.webSocket("/sensor/" + local + "/");
        }
        if (sensorId.equals(local)) {
            throw Problem.badRequest("a sensor cannot collect from itself", "target");
        }
        JsonNode source = body.get("source");
        if (source != null && !source.isNull() && !sensorId.equals(source.asText())) {
            throw Problem.badRequest("source must be this sensor, \"" + sensorId + "\"", "source");
        }
        List<String> channels = channels(attrs.get(CHANNELS));
        ObjectNode description = body.deepCopy();
        description.put("id", id);
        description.put("kind", Monitoring.COLLECTOR_KIND);
        description.put("source", sensorId);
        return new EdgeSpec(id, sensorId, target, local, uri, channels, period, window, attrs, description);
    }

    private static URI toWebSocket(String target) throws Problem {
        try {
            URI u = new URI(target);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "http":
                    scheme = "ws";
                    break;
                case "https":
                    scheme = "wss";
                    break;
                case "ws":
                case "wss":
                    break;
                default:
                    throw Problem.badRequest("target URL must be http, https, ws or wss", "target");
            }
            if (u.getHost() == null) {
                throw Problem.badRequest("target URL has no host", "target");
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return new URI(scheme, u.getRawUserInfo(), u.getHost(), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw Problem.badRequest("target is not a valid URL: " + e.getMessage(), "target");
        }
    }

    private static List<String> channels(Object v) throws Problem {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (v == null) {
            return new ArrayList<>();
        }
        if (v instanceof String) {
            for (String s : ((String) v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (!(o instanceof String) || ((String) o).isBlank()) {
                    throw Problem.badRequest(CHANNELS + " must list channel names", CHANNELS);
                }
                out.add(((String) o).trim());
            }
        } else {
            throw Problem.badRequest(CHANNELS + " must be a list or a comma-separated string", CHANNELS);
        }
        return new ArrayList<>(out);
    }
}
