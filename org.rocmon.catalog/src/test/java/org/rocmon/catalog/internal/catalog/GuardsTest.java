package org.rocmon.catalog.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;

import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Output;

public class GuardsTest {

    private static final class Deferred implements AsyncMetric {
        final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public CompletionStage<?> measureAsync(Output out) {
            return done;
        }
    }

    private static final class Plain implements Metric {
        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) {
        }
    }

    @Test
    public void anAsynchronousMetricStaysAsynchronousBehindTheGuard() throws Exception {
        Deferred real = new Deferred();
        AtomicBoolean available = new AtomicBoolean(true);
        Object guarded = Guards.wrap(MixinKind.METRIC, real, available::get, "Deferred");
        assertTrue("the runtime must still see an AsyncMetric", guarded instanceof AsyncMetric);
        CompletionStage<?> stage = ((AsyncMetric) guarded).measureAsync((ch, m) -> { });
        assertFalse("returns at once, before the measurement completes", stage.toCompletableFuture().isDone());
        real.done.complete(null);
        assertTrue(stage.toCompletableFuture().isDone());
        available.set(false);
        try {
            ((AsyncMetric) guarded).measureAsync((ch, m) -> { });
            fail("a withdrawn mixin must not run");
        } catch (Guards.WithdrawnException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Deferred"));
        }
    }

    @Test
    public void aPlainMetricIsNotMadeAsynchronous() {
        Object guarded = Guards.wrap(MixinKind.METRIC, new Plain(), () -> true, "Plain");
        assertTrue(guarded instanceof Metric);
        assertFalse(guarded instanceof AsyncMetric);
        assertEquals(Metric.class.getClassLoader(), guarded.getClass().getInterfaces()[0].getClassLoader());
    }
}
