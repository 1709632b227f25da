package org.rocmon.occi.internal.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Monitoring;
import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.Frontend;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.model.Submission;

/**
 * Keeps the front end's KPI sensors linked to their members (docs/kpi.md): every {@code intervalMillis} it compares
 * what {@link KpiPlan} wants with the stored entities and creates, changes or deletes the forwarders
 * ({@code kpi.<kpi>.<member>} sensor-to-sensor collectors, owned by the KPI's owner) and the KPI's {@code sources},
 * through the front end like any other change, so they are stored, deployed, retried and shown in OCCI. Membership
 * thus follows resources joining or leaving a group (their {@code rocmon.group}), collectors created or deleted and
 * sensors removed, within one interval. Owns one thread, stopped at deactivation.
 */
@Component(immediate = true)
@Designate(ocd = KpiGroups.Config.class)
public final class KpiGroups {

    private static final Logger LOG = LoggerFactory.getLogger(KpiGroups.class);

    /** Configuration (PID {@code org.rocmon.occi.internal.kpi.KpiGroups}). */
    @ObjectClassDefinition(name = "Rocmon KPI groups", description = "Links KPI sensors to the sensors of their "
            + "group's collectors")
    public @interface Config {
        @AttributeDefinition(description = "How often KPI memberships are brought up to date, ms", min = "100")
        long intervalMillis() default 2000;
    }

    private final Frontend frontend;
    private final ScheduledExecutorService scheduler;
    /** What the last failure of each change was, so that it is logged once, not every interval. */
    private final Map<String, String> failures = new LinkedHashMap<>();

    @Activate
    public KpiGroups(Config config, @Reference(name = "frontend") Frontend frontend) {
        if (config.intervalMillis() < 100) {
            LOG.error("KPI groups not started: intervalMillis must be at least 100, not {}", config.intervalMillis());
            throw new IllegalArgumentException("intervalMillis must be at least 100");
        }
        this.frontend = frontend;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rocmon-kpi-groups");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::safeRound, config.intervalMillis(), config.intervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("KPI membership round failed", e);
        }
    }

    /** One comparison of wanted and stored, and the changes it calls for. */
    void round() {
        List<Entity> all = frontend.all();
        Map<String, KpiPlan.Wanted> wanted = KpiPlan.wanted(all);
        for (KpiPlan.Wanted w : wanted.values()) {
            for (KpiPlan.Forwarder f : w.forwarders()) {
                if (!KpiPlan.same(frontend.get(f.id()), f)) {
                    change("forwarder " + f.id(), () -> frontend.put(Model.COLLECTOR, f.id(), forwarder(f), w.owner()));
                }
            }
            Entity k = frontend.get(w.kpi());
            if (k != null && !Objects.equals(w.sources(), k.attributes.get(KpiPlan.SOURCES))) {
                Submission s = new Submission();
                s.attributes.put(KpiPlan.SOURCES, w.sources());
                change("sources of " + w.kpi(), () -> frontend.update(w.kpi(), s));
                LOG.info("KPI {}: members now {}", w.kpi(), w.sources().isEmpty() ? "none" : w.sources());
            }
        }
        for (Entity c : KpiPlan.stale(all, wanted)) {
            change("stale forwarder " + c.id, () -> frontend.delete(c.id));
        }
    }

    private static Submission forwarder(KpiPlan.Forwarder f) {
        Submission s = new Submission();
        s.kind = Model.COLLECTOR;
        s.mixins = new ArrayList<>();
        s.source = f.member();
        s.target = f.kpi();
        s.title = "KPI " + f.kpi() + ": " + f.channel() + " of " + f.member();
        s.attributes.put(Monitoring.COLLECTOR_PERIOD, f.period());
        s.attributes.put(KpiPlan.CHANNELS, List.of(f.channel()));
        return s;
    }

    private interface Change {
        void run() throws Problem;
    }

    private void change(String what, Change c) {
        try {
            c.run();
            failures.remove(what);
        } catch (Problem p) {
            String reason = p.status() + " " + p.detail();
            if (!reason.equals(failures.put(what, reason))) {
                LOG.warn("KPI: cannot update {}: {}", what, reason);
            }
        }
    }
}
