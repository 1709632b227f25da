package org.rocmon.mixins.publisher.remotewrite.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.airlift.compress.snappy.SnappyCompressor;

/**
 * The body of one remote-write 1.0 request: a {@code prometheus.WriteRequest} in protobuf, Snappy block-compressed.
 *
 * <p>The four messages of Prometheus's {@code prompb/types.proto} and {@code remote.proto} that remote write 1.0
 * uses are written with protobuf-java's {@link CodedOutputStream} by their field numbers:
 * {@code WriteRequest{repeated TimeSeries timeseries = 1}}, {@code TimeSeries{repeated Label labels = 1; repeated
 * Sample samples = 2}}, {@code Label{string name = 1; string value = 2}}, {@code Sample{double value = 1; int64
 * timestamp = 2}}. That is the whole schema; generated classes would need protoc in the build for these four
 * messages. The tests parse what is written with protobuf-java's own parser against that schema.
 *
 * <p>Samples are grouped by series (their sorted labels) in the order the series first appear, and ordered by
 * timestamp within a series, as receivers require.
 */
final class WriteRequests {

    /** One sample of a series: the labels sorted by name (the first is {@code __name__}). */
    record Sample(String[] labels, double value, long timestamp) {
        /** @return labels as {@code name, value, name, value...}, sorted by name */
        String key() {
            return String.join("\u0000", labels);
        }
    }

    private final SnappyCompressor snappy = new SnappyCompressor();

    /** @return the uncompressed protobuf of a WriteRequest holding the samples */
    static byte[] protobuf(List<Sample> samples) {
        Map<String, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample s : samples) {
            bySeries.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
        }
        int total = 0;
        List<int[]> sizes = new ArrayList<>(bySeries.size());
        for (List<Sample> series : bySeries.values()) {
            series.sort(Comparator.comparingLong(Sample::timestamp)); // stable: equal timestamps keep their order
            int[] size = seriesSizes(series);
            sizes.add(size);
            total += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size[0]) + size[0];
        }
        byte[] out = new byte[total];
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            int i = 0;
            for (List<Sample> series : bySeries.values()) {
                int[] size = sizes.get(i++);
                coded.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                coded.writeUInt32NoTag(size[0]);
                String[] labels = series.get(0).labels();
                for (int l = 0; l < labels.length; l += 2) {
                    coded.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    coded.writeUInt32NoTag(labelSize(labels[l], labels[l + 1]));
                    coded.writeString(1, labels[l]);
                    coded.writeString(2, labels[l + 1]);
                }
                for (Sample s : series) {
                    coded.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    coded.writeUInt32NoTag(sampleSize(s));
                    coded.writeDouble(1, s.value());
                    coded.writeInt64(2, s.timestamp());
                }
            }
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sizes were computed by the same library: cannot happen
        }
        return out;
    }

    /** @return the Snappy block (raw format, no framing) of the request's protobuf, as remote write sends it */
    byte[] body(List<Sample> samples) {
        byte[] raw = protobuf(samples);
        byte[] compressed = new byte[snappy.maxCompressedLength(raw.length)];
        int n = snappy.compress(raw, 0, raw.length, compressed, 0, compressed.length);
        return Arrays.copyOf(compressed, n);
    }

    /** @return {size of the TimeSeries message} */
    private static int[] seriesSizes(List<Sample> series) {
        int size = 0;
        String[] labels = series.get(0).labels();
        for (int l = 0; l < labels.length; l += 2) {
            int ls = labelSize(labels[l], labels[l + 1]);
            size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(ls) + ls;
        }
        for (Sample s : series) {
            int ss = sampleSize(s);
            size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(ss) + ss;
        }
        return new int[] {size};
    }

    private static int labelSize(String name, String value) {
        return CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeStringSize(2, value);
    }

    private static int sampleSize(Sample s) {
        return CodedOutputStream.computeDoubleSize(1, s.value()) + CodedOutputStream.computeInt64Size(2, s.timestamp());
    }
}
