package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.ControlTest.FakeRemote;
import org.rocmon.sensor.internal.control.Command;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.Policy;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/** Commands with ids: children first, the other policies, de-duplication, init and terminate (children faked). */
public class CommandTest {

    static final String EWMA = FakeCatalog.AGG + "EWMA";
    static final String A = "http://127.0.0.1:1/sensor/a/";
    static final String B = "http://127.0.0.1:2/sensor/b/";
    static final String DONE = "{\"id\":\"x\",\"command\":{\"status\":\"succeeded\"}}";
    static final String FAILED = "{\"id\":\"x\",\"command\":{\"status\":\"failed\",\"failed\":[\"http://deep/\"]}}";

    private static SensorManager manager(Path dir) throws Exception {
        FakeCatalog catalog = new FakeCatalog().add(EWMA, "aggregator", Mixins.Ewma::new,
                List.of("instream"), List.of("outstream"));
        SensorManager m = Harness.manager(catalog, dir, 2, 5000, 1000);
        m.registry().define("s01", Harness.sensor("s01", 1, "'" + EWMA + "'",
                "'com.example.occi.monitoring.EWMA.gain':2,'com.example.occi.monitoring.EWMA.instream':'a',"
                        + "'com.example.occi.monitoring.EWMA.outstream':'b'"));
        return m;
    }

    private static SensorManager withChildren(Map<String, Object> answers) throws Exception {
        SensorManager m = manager(Harness.tempDir());
        m.controls().useRemote(new FakeRemote(answers));
        Sensor s = m.sensors().get("s01");
        m.controls().source(s, "c01", A);
        m.admit("s01", "c02");
        m.controls().source(s, "c02", B);
        return m;
    }

    private static Command cmd(ControlAction a, Policy p, String id) {
        return new Command(a, true, p, id, 16, 5000);
    }

    @Test
    public void childrenFirstAppliesTheParentOnlyWhenEveryChildSucceeded() throws Exception {
        SensorManager m = withChildren(Map.of(A, new Remote.Answer(200, DONE), B, new Remote.Answer(202,
                "{\"id\":\"c\",\"action\":\"pause\",\"state\":\"paused\"}")));
        try {
            ControlRecord r = m.controls().control("s01", cmd(ControlAction.PAUSE, Policy.CHILDREN_FIRST, "c1"))
                    .record().await(5000);
            assertEquals(ControlRecord.Status.SUCCEEDED, r.status());
            assertTrue(r.applied());
            assertEquals("paused", m.sensors().get("s01").state()[0]);
            assertEquals(List.of(), r.toMap().get("failed"));
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void aFailedChildLeavesTheParentUntouchedAndIsNamed() throws Exception {
        SensorManager m = withChildren(Map.of(A, new Remote.Answer(200, DONE),
                B, new Remote.Answer(200, FAILED)));
        try {
            ControlRecord r = m.controls().control("s01", cmd(ControlAction.STOP, Policy.CHILDREN_FIRST, "c2"))
                    .record().await(5000);
            assertEquals(ControlRecord.Status.FAILED, r.status());
            assertFalse(r.applied());
            assertEquals("running", m.sensors().get("s01").state()[0]);
            assertEquals(List.of(B), r.failedChildren());
            assertTrue(r.toMap().toString(), String.valueOf(r.toMap().get("detail")).contains(B));
            assertTrue(r.toMap().toString(), r.toMap().get("propagated").toString().contains("http://deep/"));
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void parentFirstAndBestEffortApplyWhateverTheChildrenSay() throws Exception {
        SensorManager m = withChildren(Map.of(A, new Remote.Answer(409, "{\"detail\":\"owned by configuration\"}")));
        try {
            ControlRecord r = m.controls().control("s01", cmd(ControlAction.PAUSE, Policy.PARENT_FIRST, "p1"))
                    .record();
            assertTrue("parent-first applies before the children answer", r.applied());
            r.await(5000);
            assertEquals(ControlRecord.Status.FAILED, r.status());
            assertEquals(java.util.Set.of(A, B), new java.util.HashSet<>(r.failedChildren()));
            assertTrue(r.toMap().toString(), r.toMap().toString().contains("owned by configuration"));
            assertTrue(r.toMap().toString(), r.toMap().toString().contains("unreachable"));

            r = m.controls().control("s01", cmd(ControlAction.RESUME, Policy.BEST_EFFORT, "b1")).record().await(5000);
            assertTrue(r.applied());
            assertEquals(ControlRecord.Status.FAILED, r.status());
            assertEquals("running", m.sensors().get("s01").state()[0]);
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void aCommandIdIsTakenOncePerSensor() throws Exception {
        SensorManager m = withChildren(Map.of(A, new Remote.Answer(200, DONE), B, new Remote.Answer(200, DONE)));
        try {
            FakeRemote remote = (FakeRemote) m.controls().remote();
            ControlPropagation.Taken first = m.controls().control("s01", cmd(ControlAction.PAUSE,
                    Policy.CHILDREN_FIRST, "same"));
            first.record().await(5000);
            ControlPropagation.Taken again = m.controls().control("s01", cmd(ControlAction.PAUSE,
                    Policy.CHILDREN_FIRST, "same"));
            assertFalse(first.duplicate());
            assertTrue(again.duplicate());
            assertTrue(again.record() == first.record());
            assertEquals("the children got it once", 2, remote.commands.size());
            assertEquals(first.record(), m.controls().log().record("s01", "same"));
            assertNull(m.controls().log().record("s01", "other"));
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void initReopensTheStagesAndLeavesTheSensorStopped() throws Exception {
        SensorManager m = manager(Harness.tempDir());
        try {
            Sensor s = m.sensors().get("s01");
            Object before = s.stages().get(0).instance();
            ControlRecord r = m.controls().control("s01", ControlAction.INIT, false);
            assertEquals(ControlRecord.Status.SUCCEEDED, r.status());
            assertNotSame("a fresh instance", before, s.stages().get(0).instance());
            assertEquals("stopped", s.state()[0]);
            m.controls().control("s01", ControlAction.START, false);
            assertEquals("running", s.state()[0]);
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void terminateEndsTheSensorUnlessAConfigurationOwnsIt() throws Exception {
        Path dir = Harness.tempDir();
        SensorManager m = manager(dir);
        try {
            ControlRecord r = m.controls().control("s01", ControlAction.TERMINATE, false);
            assertNull(m.sensors().get("s01"));
            assertEquals("its record outlives it", r, m.controls().log().record("s01", r.id()));
            assertEquals(ControlRecord.Status.SUCCEEDED, r.status());
            assertTrue(r.applied());
            m.registry().defineOwned("config:x", "s02", Harness.sensor("s02", 1, "", ""));
            try {
                m.controls().control("s02", ControlAction.TERMINATE, false);
                fail();
            } catch (Problem e) {
                assertEquals(409, e.status());
            }
            assertTrue(m.sensors().get("s02") != null);
        } finally {
            m.deactivate();
        }
    }
}
