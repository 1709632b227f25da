package org.rocmon.api;

import java.util.Objects;

/**
 * One immutable value on a channel: a number, a boolean or a string, with the time it was taken and,
 * optionally, the id of its source, a unit of measure, a Nagios-style {@link State} and its origin: the epoch and
 * sequence number of the collector frame that carried it into a sensor ({@link #withOrigin}), by which a receiver
 * can tell a value published twice after a crash (docs/protocol.md).
 *
 * <p>Numbers are kept as {@code double}; integral values up to 2<sup>53</sup> are exact.
 */
public final class Measurement {

    private final Object value;
    private final long timestamp;
    private final String source;
    private final String unit;
    private final State state;
    private final long epoch;
    private final long seq;

    private Measurement(Object value, long timestamp, String source, String unit, State state) {
        this(value, timestamp, source, unit, state, NO_ORIGIN, NO_ORIGIN);
    }

    private Measurement(Object value, long timestamp, String source, String unit, State state, long epoch,
            long seq) {
        this.value = Objects.requireNonNull(value, "value");
        this.timestamp = timestamp;
        this.source = source;
        this.unit = unit;
        this.state = state;
        this.epoch = epoch;
        this.seq = seq;
    }

    /** What {@link #epoch()} and {@link #seq()} answer for a value that came from no collector frame. */
    public static final long NO_ORIGIN = -1;

    /**
     * @param value a number
     * @param timestamp epoch milliseconds
     * @return a numeric measurement
     */
    public static Measurement of(double value, long timestamp) {
        return new Measurement(value, timestamp, null, null, null);
    }

    /**
     * @param value a boolean
     * @param timestamp epoch milliseconds
     * @return a boolean measurement
     */
    public static Measurement of(boolean value, long timestamp) {
        return new Measurement(value, timestamp, null, null, null);
    }

    /**
     * @param value a string
     * @param timestamp epoch milliseconds
     * @return a text measurement
     */
    public static Measurement of(String value, long timestamp) {
        return new Measurement(value, timestamp, null, null, null);
    }

    /**
     * Wraps a value decoded from JSON or a map.
     *
     * @param value a {@link Number}, {@link Boolean} or {@link CharSequence}
     * @param timestamp epoch milliseconds
     * @return the measurement
     * @throws IllegalArgumentException for any other type
     */
    public static Measurement ofObject(Object value, long timestamp) {
        if (value instanceof Number) {
            return of(((Number) value).doubleValue(), timestamp);
        }
        if (value instanceof Boolean) {
            return of(((Boolean) value).booleanValue(), timestamp);
        }
        if (value instanceof CharSequence) {
            return of(value.toString(), timestamp);
        }
        throw new IllegalArgumentException("a measurement is a number, a boolean or a string, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** @return a {@link Double}, {@link Boolean} or {@link String} */
    public Object value() {
        return value;
    }

    /** @return epoch milliseconds at which the value was taken */
    public long timestamp() {
        return timestamp;
    }

    /** @return id of the collector or sensor the value came from, or {@code null} */
    public String source() {
        return source;
    }

    /** @return unit of measure (e.g. {@code %}, {@code ms}, {@code B}), or {@code null} */
    public String unit() {
        return unit;
    }

    /** @return the Nagios-style state, or {@code null} when the probe does not give one */
    public State state() {
        return state;
    }

    /** @return whether the value is a number */
    public boolean isNumber() {
        return value instanceof Double;
    }

    /** @return the number, 1 or 0 for a boolean, and NaN for a string that is not a number */
    public double asDouble() {
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? 1.0 : 0.0;
        }
        try {
            return Double.parseDouble((String) value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** @return the value as text */
    public String asString() {
        if (value instanceof Double && isWhole((Double) value)) {
            return Long.toString((long) (double) (Double) value);
        }
        return value.toString();
    }

    /**
     * The one rule by which Rocmon writes a number without a fraction, in JSON, text renderings and pages alike:
     * whole and below 10<sup>15</sup> in magnitude (beyond, a double no longer holds every whole number).
     *
     * @param d a number
     * @return whether it is written as a whole number ({@code 3}, not {@code 3.0})
     * @since 1.1
     */
    public static boolean isWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15;
    }

    /**
     * @param newValue the number that replaces this value
     * @return a copy carrying the same timestamp, source, unit, state and origin
     */
    public Measurement withValue(double newValue) {
        return new Measurement(newValue, timestamp, source, unit, state, epoch, seq);
    }

    /**
     * @param newSource id of the source
     * @return a copy with that source
     */
    public Measurement withSource(String newSource) {
        return new Measurement(value, timestamp, newSource, unit, state, epoch, seq);
    }

    /**
     * @param newUnit unit of measure, or {@code null}
     * @return a copy with that unit
     */
    public Measurement withUnit(String newUnit) {
        return new Measurement(value, timestamp, source, newUnit, state, epoch, seq);
    }

    /**
     * @param newState state, or {@code null}
     * @return a copy with that state
     */
    public Measurement withState(State newState) {
        return new Measurement(value, timestamp, source, unit, newState, epoch, seq);
    }

    /**
     * @param newTimestamp epoch milliseconds
     * @return a copy taken at that time
     */
    public Measurement withTimestamp(long newTimestamp) {
        return new Measurement(value, newTimestamp, source, unit, state, epoch, seq);
    }

    /**
     * @param frameEpoch epoch of the collector connection whose frame carried this value (≥ 0)
     * @param frameSeq sequence number of that frame (≥ 0)
     * @return a copy with that origin
     */
    public Measurement withOrigin(long frameEpoch, long frameSeq) {
        if (frameEpoch < 0 || frameSeq < 0) {
            throw new IllegalArgumentException("origin " + frameEpoch + "/" + frameSeq);
        }
        return new Measurement(value, timestamp, source, unit, state, frameEpoch, frameSeq);
    }

    /** @return the epoch of the collector frame this value came in, or {@link #NO_ORIGIN} */
    public long epoch() {
        return epoch;
    }

    /** @return the sequence number of the collector frame this value came in, or {@link #NO_ORIGIN} */
    public long seq() {
        return seq;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Measurement)) {
            return false;
        }
        Measurement other = (Measurement) o;
        return timestamp == other.timestamp && value.equals(other.value) && Objects.equals(source, other.source)
                && Objects.equals(unit, other.unit) && state == other.state && epoch == other.epoch
                && seq == other.seq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, timestamp, source, unit, state, epoch, seq);
    }

    @Override
    public String toString() {
        return "Measurement[" + asString() + (unit == null ? "" : unit) + (state == null ? "" : " " + state)
                + " @" + timestamp + (source == null ? "" : " from " + source)
                + (epoch == NO_ORIGIN ? "" : " frame " + epoch + "/" + seq) + "]";
    }
}
