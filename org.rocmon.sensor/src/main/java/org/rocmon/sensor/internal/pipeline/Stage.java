package org.rocmon.sensor.internal.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinInstance;

/**
 * One aggregator or publisher instance run as an actor: values land in a bounded inbox and are processed in
 * batches on the shared pool, never two calls at once; ticks go through the same actor so they never overlap a
 * data call. A call that throws is counted and the value dropped; a call the watchdog finds too long marks the
 * stage hung, and while hung its inbox drops.
 */
public final class Stage implements Subscriber, Runnable {

    /** Values processed per turn, so a busy stage yields its thread to others. */
    static final int BATCH = 512;

    private final String owner;
    private final String key;
    private final MixinInstance<?> instance;
    private final Aggregator aggregator;
    private final Publisher publisher;
    private final List<String> inputs;
    private final List<String> outputs;
    private final StageHost host;
    private final Counters sensorCounters;
    private final Counters counters = new Counters();
    private final Inbox inbox;
    private final List<Delivery> batch = new ArrayList<>(BATCH);
    /** What an aggregator writes during the current turn; flushed at the end of the turn in one go. */
    private final OutputBuffer output;
    /**
     * An aggregator's lowest journal position taken since its last tick: its state (an open window) may depend on
     * that frame until the tick has emitted it, so the journal keeps the frame until then.
     */
    private volatile long heldLow = Long.MAX_VALUE;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private volatile boolean tickPending;
    private volatile long tickAt;
    private volatile long callStart;
    private volatile boolean hung;
    private volatile boolean retired;
    private volatile boolean closed;
    private volatile String lastError;
    /**
     * Backpressure, with hysteresis: set by a producer whose offer left the inbox at or above the high-water mark,
     * cleared by the actor once it drained it to the low-water mark. Read per frame, never per value.
     */
    private volatile boolean congested;
    /** Stages this one feeds through its outputs, transitively: a frame into this stage also waits for them. */
    private volatile Stage[] downstream = new Stage[0];
    private final int highWater;
    private final int lowWater;
    private final Runnable onDrained;

    /**
     * @param owner sensor id
     * @param key identity of the mixin and its own attributes; an update keeps a stage whose key is unchanged
     * @param instance an opened {@link Aggregator} or {@link Publisher}
     */
    public Stage(String owner, String key, MixinInstance<?> instance, StageHost host, Router router,
            Counters sensorCounters) {
        this(owner, key, instance, host, router, sensorCounters, () -> { });
    }

    /**
     * @param onDrained called on the actor's thread when the inbox drains to the low-water mark after being
     *        congested; must not block (the sensor releases withheld acks there)
     */
    public Stage(String owner, String key, MixinInstance<?> instance, StageHost host, Router router,
            Counters sensorCounters, Runnable onDrained) {
        this.owner = owner;
        this.key = key;
        this.instance = instance;
        Object mixin = instance.mixin();
        this.aggregator = mixin instanceof Aggregator ? (Aggregator) mixin : null;
        this.publisher = aggregator == null && mixin instanceof Publisher ? (Publisher) mixin : null;
        if (aggregator == null && publisher == null) {
            throw new IllegalArgumentException("not an aggregator or a publisher: " + mixin);
        }
        this.inputs = List.copyOf(instance.inputs());
        this.outputs = List.copyOf(instance.outputs());
        this.host = host;
        this.sensorCounters = sensorCounters;
        this.output = new OutputBuffer(router, counters, sensorCounters);
        this.inbox = new Inbox(host.inboxCapacity());
        this.highWater = host.highWater();
        this.lowWater = host.lowWater();
        this.onDrained = onDrained;
        host.register(this);
    }

    public String owner() {
        return owner;
    }

    public String key() {
        return key;
    }

    public String mixinId() {
        return instance.info() == null ? String.valueOf(instance.mixin()) : instance.info().id;
    }

    public MixinInstance<?> instance() {
        return instance;
    }

    public boolean isAggregator() {
        return aggregator != null;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public Counters counters() {
        return counters;
    }

    public int queued() {
        return inbox.size();
    }

    /** @return whether this stage's own inbox is congested (and the stage still takes values) */
    public boolean selfCongested() {
        if (!congested || hung || retired) {
            return false;
        }
        if (inbox.level() <= lowWater) {
            // repairs a flag a producer set just after the actor's last check, when no turn is left to clear it
            congested = false;
            return false;
        }
        return true;
    }

    /**
     * A hung or retired stage never counts: it drops what it gets anyway, and withholding acks for it would stall
     * its producers for nothing.
     */
    @Override
    public boolean congested() {
        if (selfCongested()) {
            return true;
        }
        for (Stage d : downstream) {
            if (d.selfCongested()) {
                return true;
            }
        }
        return false;
    }

    /** @param stages the stages this one feeds, directly or through other aggregators; set on every rewire */
    public void downstream(Collection<Stage> stages) {
        Set<Stage> set = new LinkedHashSet<>(stages);
        set.remove(this);
        downstream = set.toArray(new Stage[0]);
    }

    /** @return running, hung, unavailable or closed */
    public String state() {
        if (closed || retired) {
            return "closed";
        }
        if (hung) {
            return "hung";
        }
        return instance.available() ? "running" : "unavailable";
    }

    public boolean isHung() {
        return hung;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void offer(Delivery d) {
        if (hung || retired || !inbox.offer(d)) {
            counters.dropped.increment();
            sensorCounters.dropped.increment();
            markCongestion();
            return;
        }
        counters.in.increment();
        markCongestion();
        schedule();
    }

    private void markCongestion() {
        if (!congested && inbox.level() >= highWater) {
            congested = true;
        }
    }

    @Override
    public void offerAll(List<Delivery> ds) {
        int n = ds.size();
        int taken = hung || retired ? 0 : inbox.offerAll(ds);
        if (taken < n) {
            counters.dropped.add(n - taken);
            sensorCounters.dropped.add(n - taken);
        }
        markCongestion();
        if (taken > 0) {
            counters.in.add(taken);
            schedule();
        }
    }

    /** Asks for one tick; coalesced with a tick not yet run. */
    public void requestTick(long now) {
        if (hung || retired) {
            return;
        }
        tickAt = now;
        tickPending = true;
        schedule();
    }

    /** Stops taking values; the actor closes the instance after the call in progress, if any. */
    public void retire() {
        retired = true;
        schedule();
    }

    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            host.execute(this);
        }
    }

    @Override
    public void run() {
        try {
            if (retired) {
                closeNow();
                return;
            }
            if (tickPending) {
                tickPending = false;
                tick(tickAt);
            }
            inbox.drainTo(batch, BATCH);
            long batchLow = Long.MAX_VALUE;
            for (int i = 0, n = batch.size(); i < n; i++) {
                long p = batch.get(i).pos;
                if (p != 0 && p < batchLow) {
                    batchLow = p;
                }
            }
            long low = aggregator != null ? Math.min(batchLow, heldLow) : batchLow;
            output.position(low == Long.MAX_VALUE ? 0 : low);
            if (congested && inbox.level() <= lowWater) {
                // released before this batch runs, so producers refill while we work instead of after
                congested = false;
                drained();
            }
            try {
                for (int i = 0, n = batch.size(); i < n && !retired; i++) {
                    Delivery d = batch.get(i);
                    if (hung) {
                        counters.dropped.increment();
                        sensorCounters.dropped.increment();
                    } else {
                        deliver(d);
                    }
                }
            } finally {
                batch.clear();
                output.flush();
                if (aggregator != null && batchLow < heldLow) {
                    heldLow = batchLow; // before done(): a trim reading the inbox then heldLow sees one of them
                }
                inbox.done();
            }
        } finally {
            scheduled.set(false);
            boolean again = retired ? !closed : tickPending || inbox.size() != 0;
            if (again && scheduled.compareAndSet(false, true)) {
                host.execute(this);
            }
        }
    }

    private void drained() {
        try {
            onDrained.run();
        } catch (RuntimeException e) {
            host.logError(this, "release of withheld acks", e);
        }
    }

    private void deliver(Delivery d) {
        callStart = System.nanoTime() | 1L; // never 0: 0 means idle
        try {
            if (aggregator != null) {
                aggregator.accept(d.channel, d.measurement, output);
            } else {
                publisher.publish(d.channel, d.measurement);
            }
        } catch (Throwable t) {
            failed("accept", t);
        } finally {
            endCall();
        }
    }

    private void tick(long now) {
        long held = heldLow;
        output.position(held == Long.MAX_VALUE ? 0 : held);
        callStart = System.nanoTime() | 1L;
        try {
            if (aggregator != null) {
                aggregator.tick(now, output);
            } else {
                publisher.tick(now);
            }
        } catch (Throwable t) {
            failed("tick", t);
        } finally {
            endCall();
            output.flush();
            if (aggregator != null && held != Long.MAX_VALUE) {
                // what the window held is written on (or was not needed): only values taken after it are held now
                heldLow = Long.MAX_VALUE;
            }
        }
    }

    private void failed(String what, Throwable t) {
        counters.errors.increment();
        sensorCounters.errors.increment();
        lastError = what + ": " + t;
        host.logError(this, what, t);
        if (t instanceof Error && !(t instanceof LinkageError) && !(t instanceof AssertionError)) {
            throw (Error) t; // VM trouble such as OutOfMemoryError is not the mixin's to hide
        }
    }

    private void endCall() {
        callStart = 0;
        if (hung) {
            synchronized (this) {
                if (hung) {
                    hung = false;
                    host.compensate(-1);
                    host.logRecovered(this);
                }
            }
        }
    }

    /**
     * @return the lowest journal position this stage still holds (queued, being processed, or an aggregator's
     *         since its last tick), {@link Long#MAX_VALUE} if none; a hung or retired stage holds nothing, as it
     *         drops what it has
     */
    public long journalLow() {
        if (hung || retired || closed) {
            return Long.MAX_VALUE;
        }
        long low = inbox.low(); // before heldLow: the actor writes heldLow before it marks its batch done
        return Math.min(low, heldLow);
    }

    /** @return as {@link #journalLow()}, without what an aggregator holds since its tick (a clean stop lets that go) */
    public long queuedLow() {
        return hung || retired || closed ? Long.MAX_VALUE : inbox.low();
    }

    /** @return how many stages this one feeds, transitively: upstream stages have more (the journal scans them first) */
    public int downstreamCount() {
        return downstream.length;
    }

    /** Watchdog: a call older than the timeout hangs the stage. */
    void checkHung(long now, long timeoutNanos) {
        long started = callStart;
        if (started == 0 || hung || now - started < timeoutNanos) {
            return;
        }
        synchronized (this) {
            if (hung || callStart != started) {
                return;
            }
            hung = true;
            lastError = "hung: a call took longer than " + timeoutNanos / 1_000_000 + " ms";
        }
        counters.hangs.increment();
        int flushed = inbox.clear();
        congested = false;
        counters.dropped.add(flushed);
        sensorCounters.dropped.add(flushed);
        host.compensate(+1);
        host.logHang(this);
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        tickPending = false;
        int left = inbox.clear();
        counters.dropped.add(left);
        try {
            instance.close();
        } catch (RuntimeException e) {
            host.logError(this, "close", e);
        }
        host.unregister(this);
    }
}
