package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.util.List;

/** Where InfluxDB lines go: a UDP listener or the HTTP write API. Called by one runtime thread at a time. */
interface LineSink extends AutoCloseable {

    /**
     * Delivers one batch, synchronously and within a couple of seconds.
     *
     * @param lines lines without line ends
     * @throws RefusedException when the server answered that it will never take this batch
     * @throws IOException when delivery failed and may work later
     */
    void send(List<String> lines) throws IOException;

    @Override
    void close();

    /** The server refused the batch itself (a 4xx answer): sending it again would fail again. */
    final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
