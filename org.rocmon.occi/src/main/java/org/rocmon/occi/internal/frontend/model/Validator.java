package org.rocmon.occi.internal.frontend.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.rocmon.api.Monitoring;
import org.rocmon.api.attributes.FileArea;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.MixinIds;
import org.rocmon.http.Problem;
import org.rocmon.api.runtime.EntityIds;

/**
 * The monitoring extension's rules, checked before anything is stored or deployed: kinds, mixins and the kinds
 * they apply to, periods, operation windows, mixin attribute types, and the direction of collectors (source =
 * monitored compute resource, target = sensor, as in the paper's listing 2).
 */
public final class Validator {

    // A window start a little in the past is the client's clock or the request's latency, not an error.
    private static final long SLACK_MILLIS = 2_000;

    private final Model model;
    private final Function<String, Entity> entities;
    private final Predicate<String> nodeKnown;
    private final LongSupplier clock;
    // Where mixins may write; the node that runs the entity checks again with its own.
    private volatile FileArea files = FileArea.of(java.nio.file.Paths.get(""), List.of());

    public Validator(Model model, Function<String, Entity> entities, Predicate<String> nodeKnown, LongSupplier clock) {
        this.model = model;
        this.entities = entities;
        this.nodeKnown = nodeKnown;
        this.clock = clock;
    }

    /** @param files where mixins may write: a {@code path} attribute outside is refused, naming it; null: not checked */
    public void confineFiles(FileArea files) {
        this.files = files;
    }

    /**
     * @param e the complete candidate entity (after a partial update is merged)
     * @param given the attribute names this request set, to check windows only when they change
     */
    public void check(Entity e, Set<String> given) throws Problem {
        if (!EntityIds.valid(e.id)) {
            throw Problem.badRequest("id must match [A-Za-z0-9._-]{1,128}", "occi.core.id");
        }
        String segment = Model.segment(e.kind);
        if (segment == null) {
            Category c = e.kind == null ? null : model.find(e.kind);
            throw Problem.badRequest(c == null ? "unknown kind " + e.kind
                    : "kind " + e.kind + " cannot be instantiated; use sensor, collector or compute", "kind");
        }
        checkMixins(e);
        checkKnownAttributes(e);
        if (Model.SENSOR.equals(e.kind)) {
            checkNode(e);
            positive(e, Monitoring.SENSOR_PERIOD);
            window(e, given, Monitoring.SENSOR_TIMEBASE, Monitoring.SENSOR_TIMESTART, Monitoring.SENSOR_TIMESTOP);
        } else if (Model.COLLECTOR.equals(e.kind)) {
            if (e.attributes.containsKey(Model.NODE)) {
                throw Problem.badRequest("a collector runs on the node of its source; set rocmon.node on the source",
                        Model.NODE);
            }
            positive(e, Monitoring.COLLECTOR_PERIOD);
            window(e, given, Monitoring.COLLECTOR_TIMEBASE, Monitoring.COLLECTOR_TIMESTART,
                    Monitoring.COLLECTOR_TIMESTOP);
            checkEnds(e);
        } else {
            checkNode(e);
        }
        checkMixinAttributes(e);
    }

    private void checkNode(Entity e) throws Problem {
        if (!nodeKnown.test(e.node())) {
            throw Problem.badRequest("no registered node \"" + e.node() + "\" (see GET /occi/node/)", Model.NODE);
        }
    }

    private void checkMixins(Entity e) throws Problem {
        Set<String> seen = new HashSet<>();
        for (String m : e.mixins) {
            if (!seen.add(m)) {
                throw Problem.badRequest("mixin " + m + " is applied twice", "mixins").with("mixin", m);
            }
            Category c = model.findOrInstall(m);
            if (c == null || c.clazz != Category.Clazz.MIXIN) {
                List<String> installed = new ArrayList<>();
                model.categories().forEach(k -> installed.add(k.id()));
                String similar = MixinIds.closest(installed, m);
                throw Problem.badRequest("unknown mixin " + m + (similar == null ? "" : " (did you mean " + similar
                        + "?)"), "mixins").with("mixin", m).with("available", available(e.kind));
            }
            if (c.mixinKind == null) {
                throw Problem.badRequest(m + " is a tag mixin; apply one of the installed mixins that depend on it",
                        "mixins").with("mixin", m).with("available", available(e.kind));
            }
            if (!c.applies.contains(e.kind)) {
                throw Problem.badRequest("mixin " + m + " (" + c.mixinKind + ") applies to " + String.join(", ", c.applies)
                        + ", not to " + e.kind, "mixins").with("mixin", m).with("available", available(e.kind));
            }
        }
    }

    private List<String> available(String kind) {
        List<String> out = new ArrayList<>();
        for (Category c : model.categories()) {
            if (c.clazz == Category.Clazz.MIXIN && c.mixinKind != null && c.applies.contains(kind)) {
                out.add(c.id());
            }
        }
        return out;
    }

    /** Attributes in the kind's own namespace ({@code occi.sensor.}) must be defined: a typo is an error. */
    private void checkKnownAttributes(Entity e) throws Problem {
        if (Model.COMPUTE.equals(e.kind)) {
            // OCCI infrastructure defines more compute attributes than Rocmon uses; they are kept as given.
            return;
        }
        Map<String, AttributeDef> defs = model.kindAttributes(e.kind);
        String own = "occi." + Model.segment(e.kind) + ".";
        for (String name : e.attributes.keySet()) {
            if ((name.startsWith(own) || name.startsWith("occi.core.")) && !defs.containsKey(name)) {
                throw Problem.badRequest("unknown attribute " + name + " for kind " + e.kind, name);
            }
        }
    }

    private void checkMixinAttributes(Entity e) throws Problem {
        for (String m : e.mixins) {
            Category c = model.find(m);
            for (Map.Entry<String, AttributeDef> d : c.attributes.entrySet()) {
                Object v = e.attributes.get(d.getKey());
                if (v == null) {
                    if (d.getValue().required && d.getValue().defaultValue == null) {
                        throw Problem.badRequest("missing required attribute " + d.getKey() + " of mixin " + m,
                                d.getKey());
                    }
                    continue;
                }
                typed(d.getKey(), d.getValue().rocmonType, v);
                FileArea area = files;
                if ("path".equals(d.getValue().rocmonType) && area != null) {
                    try {
                        area.resolve(d.getKey(), v.toString());
                    } catch (InvalidAttributeException ex) {
                        throw Problem.badRequest(ex.getMessage(), d.getKey());
                    }
                }
            }
            if (c.prefix != null && !c.prefix.isEmpty()) {
                for (String name : e.attributes.keySet()) {
                    if (name.startsWith(c.prefix) && !c.attributes.containsKey(name)) {
                        throw Problem.badRequest("mixin " + m + " has no attribute " + name, name);
                    }
                }
            }
        }
    }

    private static void typed(String name, String type, Object v) throws Problem {
        switch (type) {
            case "number":
                number(name, v);
                break;
            case "integer":
                double d = number(name, v);
                if (d != Math.rint(d)) {
                    throw Problem.badRequest(name + " must be a whole number, not " + v, name);
                }
                break;
            case "boolean":
                if (!(v instanceof Boolean) && !"true".equals(v) && !"false".equals(v)) {
                    throw Problem.badRequest(name + " must be true or false, not " + v, name);
                }
                break;
            default:
                if (v instanceof Map || v instanceof List) {
                    throw Problem.badRequest(name + " must be a single value", name);
                }
                if (("in".equals(type) || "out".equals(type)) && v.toString().isBlank()) {
                    throw Problem.badRequest(name + " must name a channel", name);
                }
                if ("url".equals(type) && !isUrl(v.toString())) {
                    throw Problem.badRequest(name + " must be a URL with a host (scheme://host[:port]/...), not \""
                            + v + "\"", name);
                }
                if ("host".equals(type) && (v.toString().isBlank()
                        || v.toString().trim().chars().anyMatch(c -> Character.isWhitespace(c) || c == '/'))) {
                    throw Problem.badRequest(name + " must be a host name or IP address, not \"" + v + "\"", name);
                }
        }
    }

    private static boolean isUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** @return the value as a number; numeric strings such as {@code "8888"} count, as on the nodes */
    static double number(String name, Object v) throws Problem {
        double d;
        if (v instanceof Number) {
            d = ((Number) v).doubleValue();
        } else if (v instanceof String) {
            try {
                d = Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                throw Problem.badRequest(name + " must be a number, not \"" + v + "\"", name);
            }
        } else {
            throw Problem.badRequest(name + " must be a number", name);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Problem.badRequest(name + " must be a finite number", name);
        }
        return d;
    }

    private static void positive(Entity e, String name) throws Problem {
        Object v = e.attributes.get(name);
        if (v == null) {
            throw Problem.badRequest("missing required attribute " + name + " (seconds, > 0)", name);
        }
        if (number(name, v) <= 0) {
            throw Problem.badRequest(name + " must be positive, not " + v, name);
        }
    }

    private void window(Entity e, Set<String> given, String base, String start, String stop) throws Problem {
        Double tb = optional(e, base);
        Double ts = optional(e, start);
        Double tp = optional(e, stop);
        if (ts != null && ts < 0) {
            throw Problem.badRequest(start + " must not be negative", start);
        }
        if (tp != null && tp <= 0) {
            throw Problem.badRequest(stop + " must be positive", stop);
        }
        if (tp != null && tp <= (ts == null ? 0 : ts)) {
            throw Problem.badRequest("the operation window stops (" + stop + "=" + tp + ") before it starts ("
                    + start + "=" + (ts == null ? 0 : ts) + ")", stop);
        }
        boolean changed = given.contains(base) || given.contains(start) || given.contains(stop);
        if (!changed || tb == null || tb < 0) {
            // Without a timebase the window counts from the definition, so it cannot lie in the past; a negative
            // timebase suspends the entity on purpose.
            return;
        }
        double now = clock.getAsLong() / 1000.0;
        double slack = SLACK_MILLIS / 1000.0;
        if (tp != null && tb + tp <= now) {
            throw Problem.badRequest("the operation window ended in the past (" + base + " + " + stop + " = "
                    + (long) (tb + tp) + " epoch seconds, now " + (long) now + ")", stop);
        }
        if (tb + (ts == null ? 0 : ts) < now - slack) {
            throw Problem.badRequest("the operation window starts in the past (" + base + " + " + start + " = "
                    + (long) (tb + (ts == null ? 0 : ts)) + " epoch seconds, now " + (long) now
                    + "); start it now or later", ts == null ? base : start);
        }
    }

    private static Double optional(Entity e, String name) throws Problem {
        Object v = e.attributes.get(name);
        return v == null ? null : number(name, v);
    }

    private void checkEnds(Entity e) throws Problem {
        if (e.source == null) {
            throw Problem.badRequest("a collector needs a source: the monitored compute resource", "occi.core.source");
        }
        if (e.target == null) {
            throw Problem.badRequest("a collector needs a target: the sensor that receives its data",
                    "occi.core.target");
        }
        Entity source = entities.apply(e.source);
        Entity target = entities.apply(e.target);
        if (source == null) {
            throw Problem.badRequest("source " + e.source + " is not a known entity; create the compute resource first",
                    "occi.core.source");
        }
        if (target == null) {
            throw Problem.badRequest("target " + e.target + " is not a known entity; create the sensor first",
                    "occi.core.target");
        }
        boolean sourceIsSensor = Model.SENSOR.equals(source.kind);
        boolean targetIsSensor = Model.SENSOR.equals(target.kind);
        if (sourceIsSensor && Model.COMPUTE.equals(target.kind)) {
            throw Problem.badRequest("reversed link: a collector goes FROM the monitored resource (source = compute "
                    + target.id + ") TO the sensor (target = sensor " + source.id
                    + "), as in the paper's listing 2; swap source and target", "occi.core.source");
        }
        if (!targetIsSensor) {
            throw Problem.badRequest("the target of a collector must be a sensor, not " + target.kind,
                    "occi.core.target");
        }
        if (sourceIsSensor) {
            if (source.id.equals(target.id)) {
                throw Problem.badRequest("a sensor cannot collect from itself", "occi.core.target");
            }
            if (!e.mixins.isEmpty()) {
                throw Problem.badRequest("a sensor-to-sensor collector forwards channels and takes no mixins",
                        "mixins");
            }
        } else if (Model.COMPUTE.equals(source.kind)) {
            if (e.mixins.isEmpty()) {
                throw Problem.badRequest("a collector from a compute resource needs at least one metric mixin",
                        "mixins").with("available", available(Model.COLLECTOR));
            }
        } else {
            throw Problem.badRequest("the source of a collector must be a compute resource (or a sensor), not "
                    + source.kind, "occi.core.source");
        }
    }
}
