package org.rocmon.occi.internal.frontend.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.rocmon.api.Monitoring;
import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.Measurement;

/**
 * The query interface's categories: the fixed core, monitoring and compute kinds and tag mixins, plus every
 * installed mixin, read live from the mixin catalog on each call so that installing or removing a mixin bundle
 * changes discovery at once.
 */
public final class Model {

    public static final String PREFIX = "/occi";
    public static final String CORE = Monitoring.CORE_SCHEME;
    public static final String INFRA = "http://schemas.ogf.org/occi/infrastructure#";
    public static final String ENTITY = CORE + "entity";
    public static final String RESOURCE = CORE + "resource";
    public static final String LINK = CORE + "link";
    public static final String SENSOR = Monitoring.SENSOR_KIND;
    public static final String COLLECTOR = Monitoring.COLLECTOR_KIND;
    public static final String COMPUTE = INFRA + "compute";

    /** Front-end attributes every deployable entity shows. */
    public static final String OWNER = "rocmon.owner";
    public static final String STATE = "rocmon.state";
    public static final String REASON = "rocmon.reason";
    public static final String NODE = "rocmon.node";
    /** The last control command's resulting state: running, stopped or paused (absent until one is given). */
    public static final String CONTROL = "rocmon.control";
    /**
     * Sensors: locations of the collectors that deliver to it. A collector is rendered among its source's links
     * (GFD.221: a resource's links are its own outgoing links), so this is how a sensor shows its incoming ones.
     */
    public static final String COLLECTORS = "rocmon.collectors";

    /** Scheme of the control actions of sensors and collectors (Composite Probes' control flow). */
    public static final String ACTION_SCHEME = "http://schemas.ogf.org/occi/monitoring/action#";
    /** Control action terms, in the order the query interface lists them. */
    public static final List<String> ACTIONS = List.of("init", "start", "stop", "pause", "resume");
    /** Orders of a propagated command (the node's {@code policy}); the first is the default. */
    public static final List<String> POLICIES = List.of("children-first", "parent-first", "best-effort");

    private final Supplier<List<MixinDTO>> installed;
    private final java.util.function.Predicate<String> installer;
    private final List<Category> fixed;

    /** @param installed the catalog's current mixins */
    public Model(Supplier<List<MixinDTO>> installed) {
        this(installed, id -> false);
    }

    /**
     * @param installed the catalog's current mixins
     * @param installer installs a mixin that is not installed yet (from the node's mixin repository) and says
     *        whether the catalog lists it now
     */
    public Model(Supplier<List<MixinDTO>> installed, java.util.function.Predicate<String> installer) {
        this.installed = installed;
        this.installer = installer;
        this.fixed = fixedCategories();
    }

    /**
     * Like {@link #find}, but a mixin that is not installed is first installed from the mixin repository, so that
     * an entity may name any mixin the repository offers.
     *
     * @param id scheme + term
     * @return the category, or {@code null}
     */
    public Category findOrInstall(String id) {
        Category c = find(id);
        if (c == null && id != null && installer.test(id)) {
            c = find(id);
        }
        return c;
    }

    /**
     * @param mixins ids of an entity's mixins
     * @return full names of their {@code secret} attributes (write-only: renderings mask them)
     */
    public java.util.Set<String> secrets(java.util.Collection<String> mixins) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String m : mixins) {
            Category c = find(m);
            if (c != null) {
                c.attributes.forEach((name, d) -> {
                    if ("secret".equals(d.rocmonType)) {
                        out.add(name);
                    }
                });
            }
        }
        return out;
    }

    /** @return every category: kinds first, then tag mixins, then installed mixins */
    public List<Category> categories() {
        List<Category> all = new ArrayList<>(fixed);
        all.addAll(installedMixins());
        return all;
    }

    /** @return the category with that scheme + term, or {@code null} */
    public Category find(String id) {
        for (Category c : categories()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** @return the category whose location is {@code path} (with or without trailing slash), or {@code null} */
    public Category byLocation(String path) {
        String p = path.endsWith("/") ? path : path + "/";
        for (Category c : categories()) {
            if (p.equals(c.location)) {
                return c;
            }
        }
        return null;
    }

    /** @return the collection segment of a concrete kind ({@code sensor}...), or {@code null} */
    public static String segment(String kind) {
        if (SENSOR.equals(kind)) {
            return "sensor";
        }
        if (COLLECTOR.equals(kind)) {
            return "collector";
        }
        if (COMPUTE.equals(kind)) {
            return "compute";
        }
        return null;
    }

    /** @return the concrete kind whose collection segment is {@code segment}, or {@code null} */
    public static String kindOfSegment(String segment) {
        switch (segment) {
            case "sensor":
                return SENSOR;
            case "collector":
                return COLLECTOR;
            case "compute":
                return COMPUTE;
            default:
                return null;
        }
    }

    /** @return the path of an entity, e.g. {@code /occi/sensor/s01} */
    public static String location(String kind, String id) {
        return PREFIX + "/" + segment(kind) + "/" + id;
    }

    /** @return whether {@code kind} is {@code ancestor} or derives from it */
    public boolean isA(String kind, String ancestor) {
        String k = kind;
        for (int i = 0; k != null && i < 8; i++) {
            if (k.equals(ancestor)) {
                return true;
            }
            Category c = find(k);
            k = c == null ? null : c.parent;
        }
        return false;
    }

    /** @return every attribute definition of a kind, its ancestors first */
    public Map<String, AttributeDef> kindAttributes(String kind) {
        List<Category> chain = new ArrayList<>();
        String k = kind;
        for (int i = 0; k != null && i < 8; i++) {
            Category c = find(k);
            if (c == null) {
                break;
            }
            chain.add(0, c);
            k = c.parent;
        }
        Map<String, AttributeDef> all = new LinkedHashMap<>();
        for (Category c : chain) {
            all.putAll(c.attributes);
        }
        return all;
    }

    private List<Category> installedMixins() {
        List<Category> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        Map<String, Boolean> locations = new LinkedHashMap<>();
        for (MixinDTO m : installed.get()) {
            // The catalog lists the highest version of one identifier first; discovery shows that one.
            if (m.id == null || seen.put(m.id, Boolean.TRUE) != null) {
                continue;
            }
            String kind = m.kind == null ? "mixin" : m.kind.toLowerCase(Locale.ROOT);
            String location = PREFIX + "/mixins/" + kind + "/" + m.term + "/";
            for (int n = 2; locations.containsKey(location); n++) {
                location = PREFIX + "/mixins/" + kind + "/" + m.term + "-" + n + "/";
            }
            locations.put(location, Boolean.TRUE);
            Category.Builder b = new Category.Builder(m.scheme, m.term, Category.Clazz.MIXIN)
                    .title(m.title == null || m.title.isEmpty() ? m.term : m.title).location(location)
                    .mixinKind(kind).prefix(m.attributePrefix);
            if (m.depends != null) {
                b.depends(m.depends);
            }
            if (m.applies != null) {
                b.applies(m.applies);
            }
            for (AttributeDTO a : m.attributes) {
                b.attribute(a.name, mixinAttribute(a));
            }
            out.add(b.build());
        }
        return out;
    }

    static AttributeDef mixinAttribute(AttributeDTO a) {
        String t = a.type == null ? "string" : a.type.toLowerCase(Locale.ROOT);
        String occiType;
        Object def = a.defaultValue;
        switch (t) {
            case "number":
            case "integer":
                occiType = "number";
                def = numberOrText(a.defaultValue);
                break;
            case "boolean":
                occiType = "boolean";
                def = a.defaultValue == null ? null : Boolean.valueOf(a.defaultValue.trim());
                break;
            default:
                occiType = "string";
        }
        String description = a.description == null ? "" : a.description;
        if ("in".equals(t) || "out".equals(t)) {
            description = ("in".equals(t) ? "input channel" : "output channel")
                    + (description.isEmpty() ? "" : ": " + description);
        }
        return new AttributeDef(occiType, a.required, true, def, description, t);
    }

    private static Object numberOrText(String text) {
        if (text == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(text.trim());
            if (Measurement.isWhole(d)) {
                return (long) d;
            }
            return d;
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static List<Category> fixedCategories() {
        List<Category> c = new ArrayList<>();
        // entity is abstract: GFD.223 binds no location to a kind that cannot be instantiated.
        c.add(new Category.Builder(CORE, "entity", Category.Clazz.KIND).title("Entity")
                .attribute("occi.core.id", AttributeDef.string(false, false, "identifier of the entity"))
                .attribute("occi.core.title", AttributeDef.string(false, true, "title of the entity")).build());
        c.add(new Category.Builder(CORE, "resource", Category.Clazz.KIND).title("Resource").parent(ENTITY)
                .location(PREFIX + "/resource/")
                .attribute("occi.core.summary", AttributeDef.string(false, true, "summary of the resource")).build());
        c.add(new Category.Builder(CORE, "link", Category.Clazz.KIND).title("Link").parent(ENTITY)
                .location(PREFIX + "/link/")
                .attribute("occi.core.source", AttributeDef.string(true, true, "location of the source resource"))
                .attribute("occi.core.target", AttributeDef.string(true, true, "location of the target resource"))
                .build());
        c.add(controllable(deployable(new Category.Builder(Monitoring.SCHEME, "sensor", Category.Clazz.KIND)
                .title("Sensor: receives, aggregates and publishes monitoring data").parent(RESOURCE)
                .location(PREFIX + "/sensor/")
                .attribute(Monitoring.SENSOR_PERIOD, AttributeDef.number(true, true, null,
                        "seconds between ticks of the aggregators and publishers; > 0, fractions allowed"))
                .attribute(Monitoring.SENSOR_TIMEBASE, AttributeDef.number(false, true, null,
                        "epoch seconds the operation window is relative to; negative suspends"))
                .attribute(Monitoring.SENSOR_TIMESTART, AttributeDef.number(false, true, null,
                        "seconds after the timebase at which the sensor starts"))
                .attribute(Monitoring.SENSOR_TIMESTOP, AttributeDef.number(false, true, null,
                        "seconds after the timebase at which the sensor stops"))
                .attribute(COLLECTORS, new AttributeDef("array", false, false, null,
                        "locations of the collectors that deliver to this sensor (they are links of their source)")),
                true)).build());
        c.add(controllable(deployable(new Category.Builder(Monitoring.SCHEME, "collector", Category.Clazz.KIND)
                .title("Collector: measures its source resource and sends to its target sensor").parent(LINK)
                .location(PREFIX + "/collector/")
                .attribute(Monitoring.COLLECTOR_PERIOD, AttributeDef.number(true, true, null,
                        "seconds between measurements; > 0, fractions allowed"))
                .attribute(Monitoring.COLLECTOR_TIMEBASE, AttributeDef.number(false, true, null,
                        "epoch seconds the operation window is relative to; negative suspends"))
                .attribute(Monitoring.COLLECTOR_TIMESTART, AttributeDef.number(false, true, null,
                        "seconds after the timebase at which the collector starts"))
                .attribute(Monitoring.COLLECTOR_TIMESTOP, AttributeDef.number(false, true, null,
                        "seconds after the timebase at which the collector stops")), false)).build());
        c.add(deployable(new Category.Builder(INFRA, "compute", Category.Clazz.KIND)
                .title("Compute: a monitored resource, measured by the node that runs its collectors")
                .parent(RESOURCE).location(PREFIX + "/compute/")
                .attribute("occi.compute.hostname", AttributeDef.string(false, true, "host name"))
                .attribute("occi.compute.cores", AttributeDef.number(false, true, null, "number of cores"))
                .attribute("occi.compute.memory", AttributeDef.number(false, true, null, "memory in GiB")), true)
                .build());
        c.add(new Category.Builder(Monitoring.SCHEME, "metric", Category.Clazz.MIXIN)
                .title("Metric: a collector probe").applies(COLLECTOR).location(PREFIX + "/mixins/metric/").build());
        c.add(new Category.Builder(Monitoring.SCHEME, "aggregator", Category.Clazz.MIXIN)
                .title("Aggregator: processes data in a sensor").applies(SENSOR)
                .location(PREFIX + "/mixins/aggregator/").build());
        c.add(new Category.Builder(Monitoring.SCHEME, "publisher", Category.Clazz.MIXIN)
                .title("Publisher: delivers data out of a sensor").applies(SENSOR)
                .location(PREFIX + "/mixins/publisher/").build());
        for (String term : ACTIONS) {
            c.add(new Category.Builder(ACTION_SCHEME, term, Category.Clazz.ACTION).title(actionTitle(term))
                    .attribute("propagate", new AttributeDef("boolean", false, true, false,
                            "sensors: apply the command to the whole sub-graph below (ignored by collectors)"))
                    .attribute("policy", new AttributeDef("string", false, true, POLICIES.get(0),
                            "sensors, with propagate: children-first (the sensor only if every child succeeded),"
                                    + " parent-first or best-effort"))
                    .build());
        }
        return List.copyOf(c);
    }

    private static Category.Builder controllable(Category.Builder b) {
        for (String term : ACTIONS) {
            b.action(ACTION_SCHEME + term);
        }
        return b;
    }

    private static String actionTitle(String term) {
        switch (term) {
            case "stop":
                return "Stop: no ticks or measures; a sensor refuses its collectors until started";
            case "pause":
                return "Pause: no ticks or measures; what arrives is dropped and counted";
            case "init":
                return "Init: mixins re-opened with fresh state, then stopped until a start";
            default:
                return term.substring(0, 1).toUpperCase(Locale.ROOT) + term.substring(1) + ": run normally";
        }
    }

    private static Category.Builder deployable(Category.Builder b, boolean hasNode) {
        if (hasNode) {
            b.attribute(NODE, new AttributeDef("string", false, true, "local",
                    "id of the registered runtime node that runs it (see /occi/node/)"));
        }
        return b.attribute(OWNER, AttributeDef.string(false, false, "user that created it"))
                .attribute(STATE, new AttributeDef("string", false, false, null,
                        "deployment state: deployed, pending or failed"))
                .attribute(REASON, AttributeDef.string(false, false, "why the state is not deployed"))
                .attribute(CONTROL, AttributeDef.string(false, false,
                        "state asked for by the last control action: running, stopped or paused"));
    }
}
