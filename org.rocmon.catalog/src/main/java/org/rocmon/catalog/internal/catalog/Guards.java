package org.rocmon.catalog.internal.catalog;

import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.mixin.Publisher;

/**
 * What owners call instead of the mixin itself: once the providing service is withdrawn (its bundle stopped or
 * uninstalled), data calls throw {@link WithdrawnException} instead of running code of a bundle that is gone, so
 * the owner counts and drops the value as it does for any failing call, and reports the stage unavailable until it
 * re-opens the mixin. {@code close} always reaches the mixin, so it can release what it holds.
 */
final class Guards {

    private Guards() {
    }

    /** A data call on a mixin whose bundle is gone. */
    static final class WithdrawnException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        WithdrawnException(String what) {
            super(what + " is no longer installed (its bundle was stopped or uninstalled); the value is dropped");
        }
    }

    /**
     * @param kind the SPI
     * @param mixin the real instance
     * @param available whether its provider is still registered
     * @param what names the mixin in messages
     * @return an instance of the kind's interface that forwards while available
     */
    static Object wrap(MixinKind kind, Object mixin, BooleanSupplier available, String what) {
        switch (kind) {
            case METRIC:
                return mixin instanceof AsyncMetric ? new GuardedAsyncMetric((AsyncMetric) mixin, available, what)
                        : new GuardedMetric((Metric) mixin, available, what);
            case AGGREGATOR:
                return new GuardedAggregator((Aggregator) mixin, available, what);
            default:
                return new GuardedPublisher((Publisher) mixin, available, what);
        }
    }

    private abstract static class Guard {
        private final BooleanSupplier available;
        private final String what;

        Guard(BooleanSupplier available, String what) {
            this.available = available;
            this.what = what;
        }

        final void check() {
            if (!available.getAsBoolean()) {
                throw new WithdrawnException(what);
            }
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private static class GuardedMetric extends Guard implements Metric {
        private final Metric m;

        GuardedMetric(Metric m, BooleanSupplier available, String what) {
            super(available, what);
            this.m = m;
        }

        @Override
        public void open(MixinContext context) throws InvalidAttributeException {
            check();
            m.open(context);
        }

        @Override
        public void measure(Output out) throws Exception {
            check();
            m.measure(out);
        }

        @Override
        public void close() {
            m.close();
        }
    }

    /** Keeps an asynchronous metric asynchronous behind the guard, so the runtime still sees {@link AsyncMetric}. */
    private static final class GuardedAsyncMetric extends GuardedMetric implements AsyncMetric {
        private final AsyncMetric m;

        GuardedAsyncMetric(AsyncMetric m, BooleanSupplier available, String what) {
            super(m, available, what);
            this.m = m;
        }

        @Override
        public CompletionStage<?> measureAsync(Output out) throws Exception {
            check();
            return m.measureAsync(out);
        }
    }

    private static final class GuardedAggregator extends Guard implements Aggregator {
        private final Aggregator a;

        GuardedAggregator(Aggregator a, BooleanSupplier available, String what) {
            super(available, what);
            this.a = a;
        }

        @Override
        public void open(MixinContext context) throws InvalidAttributeException {
            check();
            a.open(context);
        }

        @Override
        public void accept(String channel, Measurement measurement, Output out) throws Exception {
            check();
            a.accept(channel, measurement, out);
        }

        @Override
        public void tick(long now, Output out) throws Exception {
            check();
            a.tick(now, out);
        }

        @Override
        public void close() {
            a.close();
        }
    }

    private static final class GuardedPublisher extends Guard implements Publisher {
        private final Publisher p;

        GuardedPublisher(Publisher p, BooleanSupplier available, String what) {
            super(available, what);
            this.p = p;
        }

        @Override
        public void open(MixinContext context) throws InvalidAttributeException {
            check();
            p.open(context);
        }

        @Override
        public void publish(String channel, Measurement measurement) throws Exception {
            check();
            p.publish(channel, measurement);
        }

        @Override
        public void tick(long now) throws Exception {
            check();
            p.tick(now);
        }

        @Override
        public void close() {
            p.close();
        }
    }
}
