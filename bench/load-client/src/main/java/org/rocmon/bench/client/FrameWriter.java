package org.rocmon.bench.client;

/**
 * Builds collector frames in the wire format of {@code org.rocmon.api.runtime.CollectorProtocol}: channel "a"
 * carries a changing value (what EWMA reads); channels m1..m(k-1) are fixed text precomputed once, so the client
 * spends its share of the two cores on sending, not on formatting.
 */
final class FrameWriter {

    private final String head;
    private final String tail;

    /**
     * @param collector collector id
     * @param epoch the edge's epoch, ms
     * @param channels channels per frame, at least 1
     */
    FrameWriter(String collector, long epoch, int channels) {
        this.head = "{\"collector\":\"" + collector + "\",\"epoch\":" + epoch + ",\"seq\":";
        StringBuilder t = new StringBuilder();
        for (int i = 1; i < channels; i++) {
            t.append(",\"m").append(i).append("\":").append(i).append(".5");
        }
        this.tail = t.append("}}").toString();
    }

    /**
     * @param seq sequence number
     * @param ts send time, epoch ms
     * @return the frame
     */
    String frame(long seq, long ts) {
        return new StringBuilder(head.length() + tail.length() + 48).append(head).append(seq).append(",\"ts\":")
                .append(ts).append(",\"data\":{\"a\":").append(seq % 100).append(".5").append(tail).toString();
    }

    /** @return the channel names after "a", as the sensor definition's Count inputs name them */
    static String extraChannel(int i) {
        return "m" + i;
    }
}
