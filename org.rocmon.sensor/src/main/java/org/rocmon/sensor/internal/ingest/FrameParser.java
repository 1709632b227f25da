package org.rocmon.sensor.internal.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.rocmon.api.State;
import org.rocmon.api.runtime.CollectorProtocol;

/**
 * Decodes collector frames with Jackson's streaming parser: one pass, no tree, no regex. Accepts the envelope
 * of {@link CollectorProtocol} and the paper's bare {@code {channel: value}} map. Thread-safe.
 */
public final class FrameParser {

    private final JsonFactory factory = new JsonFactory();

    /** Top-level field values, kept until we know whether the frame is an envelope or a bare map. */
    private static final class Field {
        final String name;
        final Frame.Value value;
        final boolean ok;

        Field(String name, Frame.Value value, boolean ok) {
            this.name = name;
            this.value = value;
            this.ok = ok;
        }
    }

    /**
     * @param text the text frame
     * @return the frame
     * @throws JunkFrame when it is not a JSON object of the protocol's shape
     */
    public Frame parse(String text) throws JunkFrame {
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JunkFrame("a frame is a JSON object");
            }
            List<Field> top = new ArrayList<>();
            List<Frame.Value> data = null;
            int[] bad = new int[1];
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (CollectorProtocol.FIELD_DATA.equals(name) && v == JsonToken.START_OBJECT) {
                    data = channels(p, bad);
                } else {
                    Frame.Value value = value(p, name, v);
                    top.add(new Field(name, value, value != null));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JunkFrame("trailing content after the frame object");
            }
            return data != null ? envelope(top, data, bad[0]) : bare(top);
        } catch (IOException e) {
            throw new JunkFrame("not JSON: " + shortMessage(e));
        }
    }

    private static Frame envelope(List<Field> top, List<Frame.Value> data, int bad) throws JunkFrame {
        String collector = null;
        Long epoch = null;
        Long seq = null;
        long ts = Frame.NO_TS;
        for (Field f : top) {
            switch (f.name) {
                case CollectorProtocol.FIELD_COLLECTOR:
                    if (!f.ok || !(f.value.value instanceof String)) {
                        throw new JunkFrame("collector must be a string");
                    }
                    collector = (String) f.value.value;
                    break;
                case CollectorProtocol.FIELD_EPOCH:
                    epoch = integral(f, "epoch");
                    break;
                case CollectorProtocol.FIELD_SEQ:
                    seq = integral(f, "seq");
                    break;
                case CollectorProtocol.FIELD_TIMESTAMP:
                    ts = integral(f, "ts");
                    break;
                default:
                    break; // extensions are ignored, as in the envelope's forward compatibility
            }
        }
        if (epoch != null && seq == null) {
            throw new JunkFrame("a frame with an epoch needs a seq");
        }
        return new Frame(collector, seq != null, epoch == null ? 0 : epoch, seq == null ? 0 : seq, ts, data, bad);
    }

    private static Long integral(Field f, String name) throws JunkFrame {
        if (!f.ok || !(f.value.value instanceof Number)) {
            throw new JunkFrame(name + " must be a number");
        }
        double d = ((Number) f.value.value).doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new JunkFrame(name + " must be a whole number");
        }
        return (long) d;
    }

    private static Frame bare(List<Field> top) throws JunkFrame {
        if (top.isEmpty()) {
            throw new JunkFrame("empty frame");
        }
        List<Frame.Value> values = new ArrayList<>(top.size());
        int bad = 0;
        for (Field f : top) {
            if (f.ok) {
                values.add(f.value);
            } else {
                bad++;
            }
        }
        if (values.isEmpty()) {
            throw new JunkFrame("no usable channel value in the frame");
        }
        return new Frame(null, false, 0, 0, Frame.NO_TS, values, bad);
    }

    private static List<Frame.Value> channels(JsonParser p, int[] bad) throws IOException {
        List<Frame.Value> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String channel = p.currentName();
            Frame.Value v = value(p, channel, p.nextToken());
            if (v == null || channel.isEmpty()) {
                bad[0]++;
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** @return the value, or null (children skipped) when it is not a scalar or a value object */
    private static Frame.Value value(JsonParser p, String channel, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Frame.Value(channel, p.getDoubleValue(), null, null, Frame.NO_TS);
            case VALUE_TRUE:
                return new Frame.Value(channel, Boolean.TRUE, null, null, Frame.NO_TS);
            case VALUE_FALSE:
                return new Frame.Value(channel, Boolean.FALSE, null, null, Frame.NO_TS);
            case VALUE_STRING:
                return new Frame.Value(channel, p.getText(), null, null, Frame.NO_TS);
            case START_OBJECT:
                return valueObject(p, channel);
            case START_ARRAY:
                p.skipChildren();
                return null;
            default:
                return null;
        }
    }

    private static Frame.Value valueObject(JsonParser p, String channel) throws IOException {
        Object value = null;
        String unit = null;
        State state = null;
        long ts = Frame.NO_TS;
        boolean ok = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                if (CollectorProtocol.VALUE.equals(f)) {
                    ok = false;
                }
                continue;
            }
            switch (f) {
                case CollectorProtocol.VALUE:
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        value = p.getDoubleValue();
                    } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        value = t == JsonToken.VALUE_TRUE;
                    } else if (t == JsonToken.VALUE_STRING) {
                        value = p.getText();
                    } else {
                        ok = false;
                    }
                    break;
                case CollectorProtocol.UNIT:
                    unit = t == JsonToken.VALUE_NULL ? null : p.getText();
                    break;
                case CollectorProtocol.STATE:
                    if (t != JsonToken.VALUE_NULL) {
                        try {
                            state = State.valueOf(p.getText().toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            ok = false;
                        }
                    }
                    break;
                case CollectorProtocol.FIELD_TIMESTAMP:
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        ts = p.getLongValue();
                    } else {
                        ok = false;
                    }
                    break;
                default:
                    break;
            }
        }
        return ok && value != null ? new Frame.Value(channel, value, unit, state, ts) : null;
    }

    private static String shortMessage(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
