package org.rocmon.mixins.publisher.remotewrite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;

import org.junit.rules.ExternalResource;

/**
 * A remote-write receiver for unit tests: a real HTTP server on 127.0.0.1 that records each request's headers and
 * decodes its body with Snappy's decompressor and protobuf-java's parser against Prometheus's schema (built here
 * from descriptors, independent of the mixin's writer). Answers with scripted status codes, 204 once empty.
 */
public final class RemoteWriteReceiver extends ExternalResource {

    /** One request: headers and the WriteRequest as text, one line per series. */
    public static final class Request {
        public final String path;
        public final String contentEncoding;
        public final String contentType;
        public final String version;
        public final String authorization;
        public final List<String> series;

        Request(String path, String contentEncoding, String contentType, String version, String authorization,
                List<String> series) {
            this.path = path;
            this.contentEncoding = contentEncoding;
            this.contentType = contentType;
            this.version = version;
            this.authorization = authorization;
            this.series = series;
        }
    }

    static final Descriptors.Descriptor WRITE_REQUEST = schema();

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
    private HttpServer server;

    /** prompb: WriteRequest{timeseries=1}, TimeSeries{labels=1, samples=2}, Label{name=1, value=2}, Sample{value=1, timestamp=2}. */
    private static Descriptors.Descriptor schema() {
        FieldDescriptorProto.Label repeated = FieldDescriptorProto.Label.LABEL_REPEATED;
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("remote.proto").setPackage("prometheus")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Label")
                        .addField(field("name", 1, FieldDescriptorProto.Type.TYPE_STRING, null, null))
                        .addField(field("value", 2, FieldDescriptorProto.Type.TYPE_STRING, null, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("Sample")
                        .addField(field("value", 1, FieldDescriptorProto.Type.TYPE_DOUBLE, null, null))
                        .addField(field("timestamp", 2, FieldDescriptorProto.Type.TYPE_INT64, null, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("TimeSeries")
                        .addField(field("labels", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, ".prometheus.Label", repeated))
                        .addField(field("samples", 2, FieldDescriptorProto.Type.TYPE_MESSAGE, ".prometheus.Sample", repeated)))
                .addMessageType(DescriptorProto.newBuilder().setName("WriteRequest")
                        .addField(field("timeseries", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, ".prometheus.TimeSeries",
                                repeated)))
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("WriteRequest");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type, String typeName,
            FieldDescriptorProto.Label label) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(label == null ? FieldDescriptorProto.Label.LABEL_OPTIONAL : label);
        if (typeName != null) {
            b.setTypeName(typeName);
        }
        return b.build();
    }

    /** @return the series of a snappy-compressed WriteRequest, one line each: {@code {a="b",...} v@ts v@ts} */
    static List<String> decode(byte[] snappy) throws IOException {
        SnappyDecompressor d = new SnappyDecompressor();
        byte[] raw = new byte[SnappyDecompressor.getUncompressedLength(snappy, 0)];
        d.decompress(snappy, 0, snappy.length, raw, 0, raw.length);
        return render(DynamicMessage.parseFrom(WRITE_REQUEST, raw));
    }

    static List<String> render(DynamicMessage request) {
        Descriptors.Descriptor ts = WRITE_REQUEST.findFieldByName("timeseries").getMessageType();
        Descriptors.Descriptor label = ts.findFieldByName("labels").getMessageType();
        Descriptors.Descriptor sample = ts.findFieldByName("samples").getMessageType();
        List<String> lines = new ArrayList<>();
        for (Object o : (List<?>) request.getField(WRITE_REQUEST.findFieldByName("timeseries"))) {
            DynamicMessage series = (DynamicMessage) o;
            StringBuilder line = new StringBuilder("{");
            for (Object l : (List<?>) series.getField(ts.findFieldByName("labels"))) {
                DynamicMessage m = (DynamicMessage) l;
                if (line.length() > 1) {
                    line.append(',');
                }
                line.append(m.getField(label.findFieldByName("name"))).append("=\"")
                        .append(m.getField(label.findFieldByName("value"))).append('"');
            }
            line.append('}');
            for (Object s : (List<?>) series.getField(ts.findFieldByName("samples"))) {
                DynamicMessage m = (DynamicMessage) s;
                line.append(' ').append(m.getField(sample.findFieldByName("value"))).append('@')
                        .append(m.getField(sample.findFieldByName("timestamp")));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    protected void before() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            List<String> series;
            try {
                series = decode(body);
            } catch (IOException | RuntimeException e) {
                series = List.of("undecodable: " + e);
            }
            var h = exchange.getRequestHeaders();
            requests.add(new Request(exchange.getRequestURI().toString(), h.getFirst("Content-Encoding"),
                    h.getFirst("Content-Type"), h.getFirst("X-Prometheus-Remote-Write-Version"),
                    h.getFirst("Authorization"), series));
            Integer status = answers.poll();
            int code = status == null ? 204 : status;
            byte[] answer = code == 204 ? new byte[0] : ("status " + code + "\n").getBytes();
            exchange.sendResponseHeaders(code, code == 204 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @Override
    protected void after() {
        server.stop(0);
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
