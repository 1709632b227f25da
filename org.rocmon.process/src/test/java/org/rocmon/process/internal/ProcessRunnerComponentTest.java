package org.rocmon.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.rocmon.process.internal.Procs.await;
import static org.rocmon.process.internal.Procs.sh;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import org.junit.Test;

import org.rocmon.api.mixin.ProcessRequest;

/** The DS component, constructed directly: configuration checks, mechanism choice, status, deactivation. */
public class ProcessRunnerComponentTest {

    private static ProcessRunnerComponent.Config config(int maxConcurrent, int maxQueued, String mechanism) {
        return new ProcessRunnerComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ProcessRunnerComponent.Config.class;
            }

            @Override
            public int maxConcurrent() {
                return maxConcurrent;
            }

            @Override
            public int maxQueued() {
                return maxQueued;
            }

            @Override
            public String mechanism() {
                return mechanism;
            }
        };
    }

    @Test
    public void defaultsPickTheNativeRunnerWhereAvailable() throws Exception {
        ProcessRunnerComponent c = new ProcessRunnerComponent(config(0, 10_000, "auto"));
        try {
            assertEquals(NativeSpawner.unavailable() == null ? "native" : "jdk", c.status().get("mechanism"));
            assertEquals("hi\n", await(c.run(sh("echo hi"))).output());
            Map<String, Object> status = c.status();
            assertEquals(List.of("started", "running", "queued", "completed", "timedOut", "killed", "rejected",
                    "failedToStart", "mechanism"), List.copyOf(status.keySet()));
            assertEquals(1L, status.get("started"));
            assertEquals(1L, status.get("completed"));
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void badValuesFallBackToDefaults() throws Exception {
        ProcessRunnerComponent c = new ProcessRunnerComponent(config(-5, -1, "bogus"));
        try {
            assertEquals(NativeSpawner.unavailable() == null ? "native" : "jdk", c.status().get("mechanism"));
            assertEquals(0, await(c.run(ProcessRequest.of(List.of("/bin/true")))).exitCode());
        } finally {
            c.deactivate();
        }
        assertEquals(Math.max(64, 4 * Runtime.getRuntime().availableProcessors()),
                ProcessRunnerComponent.maxConcurrent(-5));
        assertEquals(Math.max(64, 4 * Runtime.getRuntime().availableProcessors()),
                ProcessRunnerComponent.maxConcurrent(0));
        assertEquals(3, ProcessRunnerComponent.maxConcurrent(3));
    }

    @Test
    public void jdkCanBeChosen() throws Exception {
        ProcessRunnerComponent c = new ProcessRunnerComponent(config(2, 5, " JDK "));
        try {
            assertEquals("jdk", c.status().get("mechanism"));
            assertEquals(3, await(c.run(sh("exit 3"))).exitCode());
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void deactivatedRejects() throws Exception {
        ProcessRunnerComponent c = new ProcessRunnerComponent(config(0, 10, "native"));
        c.deactivate();
        c.deactivate();
        try {
            await(c.run(sh("echo late")));
            fail("ran after deactivation");
        } catch (RejectedExecutionException expected) {
            assertEquals(1L, c.status().get("rejected"));
        }
    }

    @Test
    public void theIoThreadIsNamedAndStops() throws Exception {
        ProcessRunnerComponent c = new ProcessRunnerComponent(config(0, 10, "auto"));
        assertTrue(ioThreads() >= 1);
        c.deactivate();
        Procs.waitFor("I/O thread stopped", java.time.Duration.ofSeconds(5), () -> ioThreads() == 0);
    }

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(BoundedRunner.THREAD_NAME) && t.isAlive()).count();
    }
}
