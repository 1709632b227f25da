package org.rocmon.sensor.internal.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rocmon.http.Problem;

/**
 * The control commands of Composite Probes' control flow (init, start, stop, pause, resume, terminate), and the
 * state each one asks for. {@code init} re-opens the entity's mixins with fresh state and leaves it stopped, ready
 * for a {@code start}; {@code terminate} ends it (a sensor is deleted as by DELETE).
 */
public enum ControlAction {
    INIT(ControlState.STOPPED), START(ControlState.RUNNING), STOP(ControlState.STOPPED), PAUSE(ControlState.PAUSED),
    RESUME(ControlState.RUNNING), TERMINATE(ControlState.STOPPED);

    private final ControlState target;

    ControlAction(ControlState target) {
        this.target = target;
    }

    /** @return the state the entity is asked to be in */
    public ControlState target() {
        return target;
    }

    /** @return the state the entity is in after the command, as answered: "terminated" for a terminate */
    public String outcome() {
        return this == TERMINATE ? "terminated" : target.wire();
    }

    /** @return the name used on the wire ({@code ?action=pause}) */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the valid wire names, for error messages */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (ControlAction a : values()) {
            n.add(a.wire());
        }
        return n;
    }

    /** @throws Problem 400 naming the valid actions */
    public static ControlAction parse(String s) throws Problem {
        if (s != null) {
            for (ControlAction a : values()) {
                if (a.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
        }
        throw Problem.badRequest("unknown action '" + (s == null ? "" : abbreviate(s)) + "'; valid actions: "
                + String.join(", ", names()), "action").with("available", names());
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
