package org.rocmon.mixins.publisher.log.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.json.PublishedMeasurement;
import org.rocmon.json.RocmonJson;
import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Appends one JSON line per measurement to a file. Each line is flushed as it is written, so a reader sees it while
 * the sensor runs and concurrent appenders interleave whole lines; {@code tick} and {@code close} flush again.
 *
 * <p>{@code filename} is a {@code path} attribute: the host resolves it (relative names under the node's data
 * folder), follows links and refuses it outside the folders the node lets mixins write in, before this mixin is
 * opened; the mixin gets the resolved absolute path and opens it without following a link.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = LogPublisher.SCHEME, term = LogPublisher.TERM, kind = MixinKind.PUBLISHER,
        title = "Append measurements to a file as JSON lines", attributes = {LogPublisher.FILENAME, LogPublisher.IN_MSG})
public class LogPublisher implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Log";
    public static final String FILENAME = "filename:path!|file to append to; relative to the node's data folder,"
            + " and within it or a folder the operator allows";
    public static final String IN_MSG = "in_msg:in!|channel whose measurements are logged";

    private static final Logger LOG = LoggerFactory.getLogger(LogPublisher.class);

    private final ObjectWriter json = RocmonJson.mapper().writer();
    private String sensor;
    private String inMsg;
    private Path file;
    private BufferedWriter writer;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String attribute = context.attributePrefix() + "filename";
        // Already resolved and confined by the host (AttributeSpec.Type.PATH): absolute, links followed.
        Path path = Paths.get(context.string("filename"));
        sensor = context.entityId();
        inMsg = context.channel("in_msg");
        try {
            Path folder = path.getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            if (Files.isDirectory(path)) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' names a folder: " + path);
            }
            // NOFOLLOW_LINKS: a link put in the file's place after the host checked the path is not followed.
            writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                    StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            throw new InvalidAttributeException(attribute,
                    "attribute '" + attribute + "': cannot open " + path + " for append (" + e + ")");
        }
        file = path;
    }

    @Override
    public void publish(String channel, Measurement measurement) throws IOException {
        if (!inMsg.equals(channel)) {
            return;
        }
        writer.write(json.writeValueAsString(new PublishedMeasurement(sensor, channel, measurement)));
        writer.write('\n');
        writer.flush();
    }

    @Override
    public void tick(long now) throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("Log mixin of sensor {}: closing {} failed: {}", sensor, file, e.toString());
        }
        writer = null;
    }
}
