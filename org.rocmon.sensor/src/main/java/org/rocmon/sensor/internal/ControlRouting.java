package org.rocmon.sensor.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.rocmon.sensor.internal.control.Remote;

/**
 * Commands addressed to a descendant through an ancestor (Composite Probes' target id): routed down the sensor
 * hierarchy hop by hop as the pull of data is ({@link LocalData}), and the answer of the sensor that took the
 * command relayed back. The ancestor remembers which child it routed a command id to, so the command's record can
 * be read (and waited for) through it too.
 */
public final class ControlRouting {

    private final ControlPropagation controls;
    private final LocalData data;

    ControlRouting(ControlPropagation controls, LocalData data) {
        this.controls = controls;
        this.data = data;
    }

    /**
     * @param query the command's query string for the target (action, propagate, policy, command, wait, timeout),
     *        without descendant and hops
     * @param holdMillis how long the target may hold its answer (the caller's wait)
     * @return the target's answer, or the problem to answer instead (404 with {@code descendant} when no child
     *         knows it, 502 with {@code hop} when a child on the way does not answer)
     */
    public LocalData.Result route(Sensor s, String descendant, String query, String command, int hops,
            long holdMillis) {
        Remote remote = controls.remote();
        String below = "&descendant=" + URLEncoder.encode(descendant, StandardCharsets.UTF_8) + "&hops=";
        return data.towards(s, descendant, hops, (child, levels) -> remote.call("POST", child + "?" + query
                + (levels == 0 ? "" : below + levels), holdMillis), (child, a) -> routed(s, command, child, a),
                (a, r) -> r.problem() == null);
    }

    private LocalData.Result routed(Sensor s, String command, String child, Remote.Answer a) {
        LocalData.Result r = data.relay(child, a);
        if (r.problem() == null) {
            controls.log().routed(s.id(), command, child);
        }
        return r;
    }

    /**
     * Reads a command's record from the child it was routed to.
     *
     * @return the child's answer, or null when this sensor did not route that command
     */
    public LocalData.Result record(String sensorId, String command, long waitMillis) {
        String child = controls.log().routedTo(sensorId, command);
        if (child == null) {
            return null;
        }
        String url = child + "command/" + URLEncoder.encode(command, StandardCharsets.UTF_8) + "?wait=" + waitMillis
                + "ms";
        try {
            return data.relay(child, controls.remote().call("GET", url, waitMillis));
        } catch (IOException e) {
            return LocalData.badGateway(child, command, e);
        }
    }
}
