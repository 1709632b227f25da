package org.rocmon.api.runtime;

/**
 * Names of the collector wire protocol between a collector edge and a sensor's WebSocket.
 *
 * <p>The edge opens {@code GET /sensor/{id}/} with {@code Connection: upgrade} and the header
 * {@link #COLLECTOR_HEADER} (or the query parameter {@link #COLLECTOR_PARAM}) naming its collector id; the sensor
 * refuses the upgrade with 403 unless that collector is admitted. Each text frame from the edge is
 *
 * <pre>
 * {"collector":"c01","epoch":1732262400000,"seq":42,"ts":1732262403000,"data":{"a":12.5,"b":{"value":true,"unit":"ms","state":"OK"}}}
 * </pre>
 *
 * A bare map such as the paper's {@code {"a":12.5}} is accepted too, without sequencing. The sensor answers
 * {@code {"ack":42,"epoch":1732262400000}} once frames up to 42 of that epoch were taken by every stage inbox they
 * feed, both on open (what it already has) and as frames arrive; while a stage is congested it withholds acks, so a
 * producer that waits for acks is slowed instead of losing data. It drops frames whose sequence number it already
 * accepted within the same epoch.
 */
public final class CollectorProtocol {

    /** Request header naming the collector on the upgrade request. */
    public static final String COLLECTOR_HEADER = "Rocmon-Collector";
    /** Query parameter naming the collector, for clients that cannot set headers. */
    public static final String COLLECTOR_PARAM = "collector";
    /** Frame field: collector id. */
    public static final String FIELD_COLLECTOR = "collector";
    /** Frame field: start time of the edge in epoch ms; a new epoch restarts sequence numbers. */
    public static final String FIELD_EPOCH = "epoch";
    /** Frame field: sequence number within the epoch, starting at 1. */
    public static final String FIELD_SEQ = "seq";
    /** Frame field: epoch ms when the measurements were taken. */
    public static final String FIELD_TIMESTAMP = "ts";
    /** Frame field: the {@code {channel: value}} map. */
    public static final String FIELD_DATA = "data";
    /** Reply field: highest sequence number accepted. */
    public static final String FIELD_ACK = "ack";
    /** Value object field: the value. */
    public static final String VALUE = "value";
    /** Value object field: unit of measure. */
    public static final String UNIT = "unit";
    /** Value object field: Nagios state name. */
    public static final String STATE = "state";
    /** Largest text frame a sensor accepts, in bytes. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    private CollectorProtocol() {
    }
}
