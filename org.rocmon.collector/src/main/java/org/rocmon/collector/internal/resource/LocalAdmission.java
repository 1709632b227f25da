package org.rocmon.collector.internal.resource;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.SensorAdmission;

/**
 * Admission of collectors by sensors of this node: a local sensor accepts only the collectors this node announced
 * to it. Called by {@link CollectorManager} under its lock.
 */
final class LocalAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAdmission.class);

    private final Supplier<SensorAdmission> admission;

    LocalAdmission(Supplier<SensorAdmission> admission) {
        this.admission = admission;
    }

    /** Asks the collector's local sensor, if any, to admit it; remembers the sensor that did. */
    void admit(RunningCollector c, CollectorSpec spec) {
        c.admittedSensor = null;
        String sensor = spec.resolved.localSensor;
        SensorAdmission a = admission.get();
        if (sensor == null || a == null) {
            return;
        }
        try {
            if (a.hosts(sensor)) {
                a.admit(sensor, spec.id);
                c.admittedSensor = sensor;
            }
        } catch (RuntimeException e) {
            LOG.warn("sensor admission of collector {} by {} failed: {}", spec.id, sensor, e.toString());
        }
    }

    /** Withdraws the admission the collector got, if any. */
    void revoke(RunningCollector c) {
        String sensor = c.admittedSensor;
        c.admittedSensor = null;
        SensorAdmission a = admission.get();
        if (sensor != null && a != null) {
            try {
                a.revoke(sensor, c.spec().id);
            } catch (RuntimeException e) {
                LOG.warn("revoking collector {} on {} failed: {}", c.spec().id, sensor, e.toString());
            }
        }
    }
}
