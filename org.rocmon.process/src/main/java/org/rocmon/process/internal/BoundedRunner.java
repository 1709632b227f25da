package org.rocmon.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;

/**
 * What both runners share: at most {@code maxConcurrent} programs at once, a queue of at most {@code maxQueued}
 * requests beyond that, counters, cancellation and shutdown, and the one host thread ({@value #THREAD_NAME}) on
 * which subclasses read, reap and complete. A request under the cap with an empty queue takes a slot at once and
 * is spawned on the calling thread ({@code spawnOnCaller}) or by the I/O thread right away; queued ones are spawned
 * by the I/O thread as slots free up, in order.
 *
 * <p>Hand-over to the I/O thread goes through lock-free queues ({@link #ready}, {@link #pending},
 * {@link #spawned}, {@link #abandoned}) followed by {@link #wake()}. A read-write lock makes shutdown exact:
 * callers hold the read side while they spawn or enqueue, {@link #close()} takes the write side to flip
 * {@code closed}, so the I/O thread's final sweep sees every program that was started and every request waiting.
 * A future completed by someone else than the runner (cancelled, completed, timed out by {@code orTimeout}) is
 * "abandoned": its program is killed, its queue entry dropped.
 *
 * @param <P> the subclass's handle of a running program
 */
abstract class BoundedRunner<P> implements ManagedRunner {

    static final String THREAD_NAME = "rocmon-process-io";
    /** How long a killed program may take to be reaped before its result is delivered anyway. */
    static final long KILL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long shutdown waits for killed programs to be reaped. */
    static final long SHUTDOWN_REAP_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Longer timeouts are taken as this (about 100 years), so deadlines stay far from overflowing. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final RunnerStats stats;
    private final int maxConcurrent;
    private final int maxQueued;
    private final boolean spawnOnCaller;

    private final ConcurrentLinkedQueue<Job<P>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Jobs holding a slot, for the I/O thread to spawn (when not {@code spawnOnCaller}). */
    private final ConcurrentLinkedQueue<Job<P>> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<P> spawned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Job<P>> abandoned = new ConcurrentLinkedQueue<>();
    /** Slots taken: programs running or being spawned, until reaped. */
    private final AtomicInteger active = new AtomicInteger();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile Thread io;
    /** Set when {@link #close()} ran on the I/O thread itself (from a completion callback). */
    private volatile boolean releaseAtExit;

    BoundedRunner(String mechanism, int maxConcurrent, int maxQueued, boolean spawnOnCaller) {
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1 and maxQueued >= 0");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.spawnOnCaller = spawnOnCaller;
        this.stats = new RunnerStats(mechanism, active::get, queued::get);
    }

    /** Starts the I/O thread; called last by the subclass constructor. */
    protected final void startThread() {
        io = new Thread(() -> {
            loop();
            if (releaseAtExit) {
                released(true);
            }
        }, THREAD_NAME);
        io.setDaemon(true);
        io.start();
    }

    /** @return the I/O thread (null before {@link #startThread()}) */
    protected final Thread ioThread() {
        return io;
    }

    // ---- called on any thread ----

    @Override
    public final CompletionStage<ProcessResult> run(ProcessRequest request) {
        Objects.requireNonNull(request, "request");
        Job<P> job = new Job<>(request);
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                reject(job, "the process runner is shut down");
            } else if (queued.get() == 0 && tryAcquire()) {
                if (spawnOnCaller) {
                    startOnCaller(job);
                } else {
                    ready.add(job);
                    wake();
                }
            } else if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                reject(job, "the process queue is full (" + maxQueued + " waiting, " + maxConcurrent + " running)");
            } else {
                pending.add(job);
                wake();
            }
        } finally {
            lock.unlock();
        }
        job.future.whenComplete((result, failure) -> {
            if (!job.settled()) {
                abandoned.add(job);
                wakeIfOpen();
            }
        });
        return job.future;
    }

    private void startOnCaller(Job<P> job) {
        P process;
        try {
            process = spawn(job);
        } catch (IOException | RuntimeException e) {
            active.decrementAndGet();
            failToStart(job, e);
            wake(); // a slot freed up: the queue may have filled meanwhile
            return;
        }
        job.process = process;
        spawned.add(process);
        wake();
    }

    private void reject(Job<P> job, String why) {
        stats.rejected.increment();
        job.fail(new RejectedExecutionException(why));
    }

    private void failToStart(Job<P> job, Exception e) {
        stats.failedToStart.increment();
        job.fail(e instanceof IOException ? e : new IOException("cannot start " + job.request.command().get(0), e));
    }

    private boolean tryAcquire() {
        for (int n = active.get(); n < maxConcurrent; n = active.get()) {
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void wakeIfOpen() {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (!closed) {
                wake();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final Map<String, Object> status() {
        return stats.snapshot();
    }

    @Override
    public final void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        wake();
        Thread thread = io;
        if (thread == Thread.currentThread()) {
            releaseAtExit = true; // a dependent action closed us; the loop shuts down when the callback returns
            return;
        }
        boolean stopped = true;
        if (thread != null) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(SHUTDOWN_REAP_NANOS) + 3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = !thread.isAlive();
            if (!stopped) {
                log.warn("{} did not stop in time", THREAD_NAME);
            }
        }
        released(stopped);
    }

    // ---- for subclasses ----

    /** @return the request's timeout in nanoseconds, saturated so that adding it to {@code nanoTime} cannot wrap */
    static long timeoutNanos(Job<?> job) {
        Duration timeout = job.request.timeout();
        return timeout.compareTo(MAX_TIMEOUT) >= 0 ? MAX_TIMEOUT.toNanos() : Math.max(1, timeout.toNanos());
    }

    /** Starts a program for a job; on any thread, holding a slot. */
    protected abstract P spawn(Job<P> job) throws IOException;

    /** Makes the I/O thread run one more iteration soon; on any thread. */
    protected abstract void wake();

    /**
     * The I/O thread's body: iterates ({@link #admit}, then wait and handle events) until {@link #closed()}, then
     * kills and reaps what runs and returns.
     */
    protected abstract void loop();

    /** Frees what the I/O thread used, after it stopped ({@code stopped}) or gave up waiting for it. */
    protected abstract void released(boolean stopped);

    /** @return whether {@link #close()} was called */
    protected final boolean closed() {
        return closed;
    }

    /**
     * On the I/O thread, at the top of each iteration: takes in programs spawned by callers, spawns queued
     * requests into free slots, and hands abandoned (cancelled) jobs' programs to {@code kill}.
     *
     * @param adopt takes a started program into the I/O thread's set
     * @param kill kills a program whose future was completed by someone else; may be called twice for one
     */
    protected final void admit(Consumer<P> adopt, Consumer<P> kill) {
        for (P p; (p = spawned.poll()) != null;) {
            adopt.accept(p);
        }
        for (Job<P> job; (job = ready.poll()) != null;) {
            spawnHere(job, adopt); // holds a slot already
        }
        if (!closed) {
            // Only this thread takes from pending, so a non-empty queue still holds a job after tryAcquire.
            while (!pending.isEmpty() && tryAcquire()) {
                Job<P> job = pending.poll();
                queued.decrementAndGet();
                spawnHere(job, adopt);
            }
        }
        for (Job<P> job; (job = abandoned.poll()) != null;) {
            P p = job.process;
            if (p != null) {
                kill.accept(p);
            } else if (pending.remove(job)) {
                queued.decrementAndGet();
            }
            // else: being spawned by its caller; adopt sees the abandoned future and kills it
        }
    }

    private void spawnHere(Job<P> job, Consumer<P> adopt) {
        if (job.future.isDone() || closed) {
            active.decrementAndGet(); // cancelled while waiting, or shutting down
            if (!job.future.isDone()) {
                reject(job, "the process runner is shutting down");
            }
            return;
        }
        P p;
        try {
            p = spawn(job);
        } catch (IOException | RuntimeException e) {
            active.decrementAndGet();
            failToStart(job, e);
            return;
        }
        job.process = p;
        adopt.accept(p);
    }

    /**
     * On the I/O thread once {@link #closed()}: fails every queued request; the subclass then kills and reaps what
     * runs (after {@link #admit} took in the last spawned programs).
     */
    protected final void failQueued() {
        for (Job<P> job; (job = pending.poll()) != null;) {
            queued.decrementAndGet();
            reject(job, "the process runner is shutting down");
        }
    }

    /** On the I/O thread: a running program was reaped (or given up on); its slot frees up. */
    protected final void release() {
        active.decrementAndGet();
    }

    protected final void started() {
        stats.started.increment();
    }

    /** Delivers a result: counts it and completes the future (no-op when abandoned). */
    protected final void deliver(Job<P> job, ProcessResult result) {
        if (!job.future.isDone()) {
            stats.completed.increment();
            if (result.timedOut()) {
                stats.timedOut.increment();
            }
        }
        job.succeed(result);
    }

    /** Fails a running program's future because the runner shuts down. */
    protected final void failShutdown(Job<P> job) {
        job.fail(new RejectedExecutionException("killed: the process runner is shutting down"));
    }
}
