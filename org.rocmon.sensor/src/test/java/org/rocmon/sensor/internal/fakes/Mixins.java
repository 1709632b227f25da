package org.rocmon.sensor.internal.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.mixin.Publisher;

/** Small test mixins. */
public final class Mixins {

    private Mixins() {
    }

    /** Running mean with a gain, like EWMA; detects concurrent calls; keeps state in {@link #count}. */
    public static final class Ewma implements Aggregator {
        public static volatile boolean yieldInCalls = true;
        public final AtomicInteger count = new AtomicInteger();
        public final AtomicInteger ticks = new AtomicInteger();
        public final AtomicBoolean overlapped = new AtomicBoolean();
        private final AtomicInteger active = new AtomicInteger();
        private String out;
        private double gain;
        private Double avg;

        @Override
        public void open(MixinContext c) throws InvalidAttributeException {
            out = c.channel("outstream");
            gain = c.number("gain");
            if (gain <= 0) {
                throw new InvalidAttributeException("gain", "gain must be > 0");
            }
        }

        @Override
        public void accept(String channel, Measurement m, Output o) {
            if (active.incrementAndGet() != 1) {
                overlapped.set(true);
            }
            if (yieldInCalls) {
                Thread.yield(); // widens the window in which an overlapping call would be seen
            }
            double v = m.asDouble();
            avg = avg == null ? v : (avg * (gain - 1) + v) / gain;
            count.incrementAndGet();
            o.write(out, m.withValue(avg));
            active.decrementAndGet();
        }

        @Override
        public void tick(long now, Output o) {
            if (active.incrementAndGet() != 1) {
                overlapped.set(true);
            }
            ticks.incrementAndGet();
            active.decrementAndGet();
        }
    }

    /** Throws on odd values, passes even ones. */
    public static final class Picky implements Aggregator {
        private String out;

        @Override
        public void open(MixinContext c) throws InvalidAttributeException {
            out = c.channel("outstream");
        }

        @Override
        public void accept(String channel, Measurement m, Output o) {
            if (((long) m.asDouble()) % 2 != 0) {
                throw new IllegalStateException("odd value " + m.asString());
            }
            o.write(out, m);
        }
    }

    /** Records what it gets; optionally blocks until released. */
    public static final class Recorder implements Publisher {
        public final List<Measurement> got = new CopyOnWriteArrayList<>();
        public final List<String> channels = new CopyOnWriteArrayList<>();
        public volatile CountDownLatch gate;
        public final CountDownLatch entered = new CountDownLatch(1);
        public final AtomicInteger closed = new AtomicInteger();

        @Override
        public void open(MixinContext c) {
        }

        @Override
        public void publish(String channel, Measurement m) throws Exception {
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                g.await();
            }
            channels.add(channel);
            got.add(m);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Counts what it gets, taking about {@link #nanosPerValue} per value; optionally blocks until released. */
    public static final class Slow implements Publisher {
        public final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        public final CountDownLatch entered = new CountDownLatch(1);
        public volatile CountDownLatch gate;
        public volatile long nanosPerValue = 20_000;

        @Override
        public void open(MixinContext c) {
        }

        @Override
        public void publish(String channel, Measurement m) throws Exception {
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                g.await();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(nanosPerValue);
            count.incrementAndGet();
        }
    }
}
