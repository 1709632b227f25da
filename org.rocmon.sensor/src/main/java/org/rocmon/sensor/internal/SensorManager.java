package org.rocmon.sensor.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.SensorAdmission;
import org.rocmon.api.security.PeerCredentials;
import org.rocmon.json.RocmonJson;
import org.rocmon.sensor.internal.alarm.AlarmSettings;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.pipeline.StageHost;

/**
 * The composition root of the sensor bundle: builds the parts that run this node's sensors and hands them to the
 * servlet and the other components, schedules retries and flushes, and offers admission as a service.
 *
 * <ul>
 * <li>{@link Sensors}: the sensors by id and the lock structural changes hold;</li>
 * <li>{@link SensorRegistry}: define, update, delete, ownership by configuration, re-planning degraded sensors;</li>
 * <li>{@link Admission}: which collectors may feed which sensor;</li>
 * <li>{@link CollectorIngest}: what a collector connection does to its sensor;</li>
 * <li>{@link ControlPropagation}: control commands and their propagation to children;</li>
 * <li>{@link SensorEdges}: sensor-to-sensor collectors;</li>
 * <li>{@link SensorPersistence}: the sensors on disk, restored at activation;</li>
 * <li>{@link SensorView} and {@link LocalData}: what GET shows.</li>
 * </ul>
 */
@Component(service = {SensorManager.class, SensorAdmission.class}, configurationPid = SensorManager.PID)
@Designate(ocd = SensorManager.Config.class)
public final class SensorManager implements SensorAdmission {

    static final String PID = "org.rocmon.sensor";
    /** Framework property of the node's HTTP port. */

    private static final Logger LOG = LoggerFactory.getLogger(SensorManager.class);

    /** Tuning of the sensor host. */
    @ObjectClassDefinition(name = "Rocmon sensors", description = "Threads, bounds and timeouts of the sensors")
    public @interface Config {
        @AttributeDefinition(description = "Capacity of each stage's inbox; overflow drops and counts")
        int inboxCapacity() default 10_000;

        @AttributeDefinition(description = "Milliseconds one mixin call may take before its stage is marked hung")
        long callTimeoutMillis() default 5_000;

        @AttributeDefinition(description = "Stage pool threads; 0 means the number of cores")
        int threads() default 0;

        @AttributeDefinition(description = "Milliseconds between retries of degraded sensors")
        long retryMillis() default 3_000;

        @AttributeDefinition(description = "Milliseconds between saves of collector sequence state")
        long flushMillis() default 2_000;

        @AttributeDefinition(description = "Frames a sensor-to-sensor collector buffers while its target is away")
        int edgeBufferFrames() default 1_000;

        @AttributeDefinition(description = "Inbox fill, in percent of its capacity, at which a stage is congested: "
                + "acks of frames that reach it are withheld until it drains")
        int highWaterPercent() default 50;

        @AttributeDefinition(description = "Inbox fill, in percent of its capacity, at which a congested stage is "
                + "clear again and withheld acks are sent")
        int lowWaterPercent() default 25;

        @AttributeDefinition(description = "disk: a frame is acknowledged once it is committed to the sensor's "
                + "ingest journal (data/sensors/{id}.wal.mv.db) and replayed after a crash; memory: once it is in "
                + "the pipeline (a crash loses what was not published yet)")
        String ackDurability() default "disk";

        @AttributeDefinition(description = "Force every journal commit to the device before its acks go out "
                + "(survives a power loss, costs an fsync per commit)")
        boolean ackFsync() default false;

        @AttributeDefinition(description = "Alarms: a collector is silent after this many of its periods without a "
                + "frame (a sensor's rocmon.alarms.silence.periods overrides it)")
        int alarmSilencePeriods() default 3;

        @AttributeDefinition(description = "Alarms: milliseconds of grace added to those periods "
                + "(rocmon.alarms.silence.grace, in seconds, overrides it)")
        long alarmGraceMillis() default 2_000;

        @AttributeDefinition(description = "Alarms: milliseconds a sensor-to-sensor collector may be disconnected "
                + "before its link alarm (rocmon.alarms.link.grace, in seconds, overrides it)")
        long alarmLinkGraceMillis() default 10_000;

        @AttributeDefinition(description = "Alarms: milliseconds between two checks of every sensor")
        long alarmCheckMillis() default 1_000;
    }

    /** Open alarms are sent up again this often without a change, so a parent that restarted learns them. */
    static final long ALARM_REFRESH_MILLIS = 30_000;

    /** Settings decoupled from OSGi, so tests can build a manager directly. */
    record Settings(int threads, long callTimeoutMillis, int inboxCapacity, Path dataDir, NodeUrl node,
            long retryMillis, long flushMillis, int edgeBufferFrames, int highWaterPercent, int lowWaterPercent,
            AlarmSettings alarms, long alarmCheckMillis, String ackDurability, boolean ackFsync) {

        Settings {
            Journals.checkMode(ackDurability);
        }

        Settings(int threads, long callTimeoutMillis, int inboxCapacity, Path dataDir, NodeUrl node,
                long retryMillis, long flushMillis, int edgeBufferFrames, int highWaterPercent, int lowWaterPercent) {
            this(threads, callTimeoutMillis, inboxCapacity, dataDir, node, retryMillis, flushMillis, edgeBufferFrames,
                    highWaterPercent, lowWaterPercent, AlarmSettings.DEFAULTS, 1_000, "disk", false);
        }

        /** @return the same with another ack durability */
        Settings withAcks(String mode, boolean fsync) {
            return new Settings(threads, callTimeoutMillis, inboxCapacity, dataDir, node, retryMillis, flushMillis,
                    edgeBufferFrames, highWaterPercent, lowWaterPercent, alarms, alarmCheckMillis, mode, fsync);
        }

        /**
         * @param port a node serving plain HTTP and WS on the loopback at this port (as unit tests run one); acks in
         *        memory mode, which answers a frame with its ack at once (tests of the journal ask for disk)
         */
        Settings(int threads, long callTimeoutMillis, int inboxCapacity, Path dataDir, int port, long retryMillis,
                long flushMillis, int edgeBufferFrames) {
            this(threads, callTimeoutMillis, inboxCapacity, dataDir, NodeUrl.of(java.util.Map.of(
                    NodeProperties.HTTP_PORT, String.valueOf(port), NodeProperties.TLS, "off")::get), retryMillis,
                    flushMillis, edgeBufferFrames, 50, 25, AlarmSettings.DEFAULTS, 1_000, "memory", false);
        }
    }

    private final ObjectMapper mapper = RocmonJson.mapper();
    private final Settings settings;
    private final StageHost host;
    private final Sensors sensors = new Sensors();
    private volatile BundleContext context;
    private volatile SynchronousBundleListener frameworkStopping;
    private final Admission admission = new Admission(sensors);
    private final CollectorIngest ingest = new CollectorIngest();
    private final SensorPersistence persistence;
    private final Journals journals;
    private final SensorEdges edges;
    private final SensorRegistry registry;
    private final ControlPropagation controls;
    private final SensorView view;
    private final LocalData localData;
    private final ControlRouting routing;
    private final AlarmWatch alarms;

    @Activate
    public SensorManager(BundleContext context, Config config, @Reference(name = "catalog") MixinCatalog catalog,
            @Reference(name = "peers") PeerCredentials peers) {
        this(catalog, settings(context, config), peers);
        // When the node stops, the mixin bundles (started after this one) stop before it: a sensor that saw its
        // mixins go first would degrade and hand what its stages held to placeholders, which then stays in its ingest
        // journal and is published again after the restart. So the sensors stop cleanly as the framework begins to
        // stop, before any bundle does.
        this.context = context;
        frameworkStopping = e -> {
            if (e.getBundle().getBundleId() == 0 && e.getType() == BundleEvent.STOPPING) {
                LOG.info("the node is stopping: its sensors stop before their mixins");
                releaseAll();
            }
        };
        context.addBundleListener(frameworkStopping);
    }

    /** For tests: no peer credentials. */
    SensorManager(MixinCatalog catalog, Settings settings) {
        this(catalog, settings, PeerCredentials.none());
    }

    SensorManager(MixinCatalog catalog, Settings settings, PeerCredentials peers) {
        this.settings = settings;
        this.host = new StageHost(settings.threads(), settings.callTimeoutMillis(), settings.inboxCapacity(),
                settings.highWaterPercent(), settings.lowWaterPercent());
        StagePlanner planner = new StagePlanner(catalog);
        this.journals = new Journals(settings.dataDir(), settings.ackDurability(), settings.ackFsync(),
                host.scheduler());
        this.persistence = new SensorPersistence(sensors, admission, new SensorStore(settings.dataDir(), mapper),
                planner, host, mapper, journals);
        this.edges = new SensorEdges(sensors, admission, persistence, host, mapper, settings.node(),
                settings.edgeBufferFrames());
        this.registry = new SensorRegistry(sensors, admission, persistence, edges, planner, host, mapper);
        this.controls = new ControlPropagation(sensors, admission, persistence, registry, new Remote(peers));
        this.view = new SensorView(mapper, registry, admission, planner::secrets);
        this.localData = new LocalData(controls, mapper);
        this.routing = new ControlRouting(controls, localData);
        this.alarms = new AlarmWatch(sensors, admission, settings.alarms(), ALARM_REFRESH_MILLIS);
        persistence.restoreAll();
        edges.openPending();
        host.scheduler().scheduleWithFixedDelay(this::retryQuietly, settings.retryMillis(), settings.retryMillis(),
                TimeUnit.MILLISECONDS);
        host.scheduler().scheduleWithFixedDelay(this::flushQuietly, settings.flushMillis(), settings.flushMillis(),
                TimeUnit.MILLISECONDS);
        host.scheduler().scheduleWithFixedDelay(alarms::check, settings.alarmCheckMillis(),
                settings.alarmCheckMillis(), TimeUnit.MILLISECONDS);
    }

    private static Settings settings(BundleContext ctx, Config c) {
        String data = ctx.getProperty(NodeProperties.DATA);
        Path dir;
        if (data != null && !data.isBlank()) {
            dir = Path.of(data.trim());
        } else {
            File f = ctx.getDataFile("");
            dir = f != null ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"), "rocmon-sensor");
        }
        AlarmSettings alarms;
        try {
            alarms = new AlarmSettings(c.alarmSilencePeriods(), c.alarmGraceMillis(), c.alarmLinkGraceMillis(), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + PID + ": " + e.getMessage(), e);
        }
        if (c.alarmCheckMillis() < 10) {
            throw new IllegalArgumentException("configuration " + PID + ": alarmCheckMillis must be at least 10");
        }
        return new Settings(c.threads(), c.callTimeoutMillis(), c.inboxCapacity(), dir, NodeUrl.of(ctx::getProperty), c.retryMillis(),
                c.flushMillis(), c.edgeBufferFrames(), c.highWaterPercent(), c.lowWaterPercent(), alarms,
                c.alarmCheckMillis(), c.ackDurability(), c.ackFsync());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCollectorEdges(CollectorEdges service) {
        edges.use(service);
    }

    void unbindCollectorEdges(CollectorEdges service) {
        edges.unuse(service);
    }

    /** For tests and for wiring without DS. */
    void useCollectorEdges(CollectorEdges service) {
        edges.use(service);
    }

    /** Stops every sensor cleanly, keeping what it stores (they are restored at the next start). */
    private void releaseAll() {
        admission.stopping();
        synchronized (sensors.lock()) {
            flushQuietly();
            sensors.closeAll();
        }
    }

    @Deactivate
    void deactivate() {
        BundleContext ctx = context;
        if (ctx != null) {
            try {
                ctx.removeBundleListener(frameworkStopping);
            } catch (IllegalStateException e) {
                // the bundle is already stopped
            }
        }
        releaseAll();
        host.close();
        journals.close();
    }

    // ---- the parts

    public Sensors sensors() {
        return sensors;
    }

    public SensorRegistry registry() {
        return registry;
    }

    public Admission admission() {
        return admission;
    }

    public CollectorIngest ingest() {
        return ingest;
    }

    public ControlPropagation controls() {
        return controls;
    }

    public ControlRouting routing() {
        return routing;
    }

    public SensorEdges edges() {
        return edges;
    }

    public SensorView view() {
        return view;
    }

    public LocalData localData() {
        return localData;
    }

    /** @return the alarm check, for tests that run it by hand */
    AlarmWatch alarms() {
        return alarms;
    }

    public int port() {
        return settings.node().port();
    }

    Path dataDir() {
        return settings.dataDir();
    }

    StageHost host() {
        return host;
    }

    // ---- SensorAdmission, the service resource collectors use

    @Override
    public boolean hosts(String sensorId) {
        return sensors.hosts(sensorId);
    }

    @Override
    public void admit(String sensorId, String collectorId) {
        admission.admit(sensorId, collectorId);
    }

    @Override
    public void revoke(String sensorId, String collectorId) {
        admission.revoke(sensorId, collectorId);
    }

    // ---- timers

    /** Re-plans degraded sensors and opens stored edges whose service came. */
    void retry() {
        registry.retry();
    }

    private void retryQuietly() {
        try {
            retry();
        } catch (RuntimeException e) {
            LOG.warn("retrying degraded sensors failed", e);
        }
    }

    void flushQuietly() {
        try {
            persistence.flush();
        } catch (RuntimeException e) {
            LOG.warn("saving sensors failed", e);
        }
    }
}
