package org.rocmon.mixins.publisher.kafka.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What the producer reports back, on Kafka's I/O thread: acknowledged and failed records, and the last failure.
 * The sensor's thread reads it at the tick; the counters are the only state shared between the two threads.
 */
final class Delivery {

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure;

    /**
     * A callback for one record sent from {@code caller}. A failure reported while {@code send} still runs on the
     * caller's thread (no metadata yet, buffer full, record too large) is kept in the callback for the caller to
     * handle, not counted: the record was never accepted.
     */
    Ack ack(Thread caller) {
        return new Ack(caller);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    final class Ack implements Callback {
        private final Thread caller;
        /** Set only on the caller's thread, during send. */
        Exception refused;

        private Ack(Thread caller) {
            this.caller = caller;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else if (Thread.currentThread() == caller) {
                refused = exception;
            } else {
                failed.incrementAndGet();
                lastFailure = exception.toString();
            }
        }
    }
}
