package org.rocmon.process.internal;

import java.util.Map;

import org.rocmon.api.mixin.ProcessRunner;

/** A runner the component owns: it reports counters and is closed at deactivation. */
interface ManagedRunner extends ProcessRunner, AutoCloseable {

    /** @return counters, see {@link RunnerStats#snapshot()} */
    Map<String, Object> status();

    /** Kills every running program's group, fails queued requests and stops the I/O thread. Idempotent. */
    @Override
    void close();
}
