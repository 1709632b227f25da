package org.rocmon.dashboard.internal;

/** One page's stream as the live feed sees it. Implementations never block. */
interface Sink {

    /** Queues one or more complete server-sent-events frames; never blocks. */
    void offer(String frames);

    /** Finishes the response after what is queued. */
    void end();
}
