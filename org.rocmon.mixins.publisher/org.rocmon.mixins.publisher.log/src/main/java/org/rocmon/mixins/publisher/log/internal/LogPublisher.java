package org.rocmon.mixins.publisher.log.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
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
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE, configurationPid = LogPublisher.PID)
@Designate(ocd = LogPublisher.Config.class)
@MixinType(scheme = LogPublisher.SCHEME, term = LogPublisher.TERM, kind = MixinKind.PUBLISHER,
        title = "Append measurements to a file as JSON lines", attributes = {LogPublisher.FILENAME, LogPublisher.IN_MSG})
public class LogPublisher implements Publisher {

    public static final String PID = "org.rocmon.mixins.publisher.log";
    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Log";
    public static final String FILENAME = "filename:string!|absolute path of the file to append to";
    public static final String IN_MSG = "in_msg:in!|channel whose measurements are logged";

    @ObjectClassDefinition(name = "Rocmon Log publisher",
            description = "Limits where Log mixins of this node may write.")
    public @interface Config {
        @AttributeDefinition(description = "Absolute folders a Log filename must lie in; empty allows any path.")
        String[] allowedDirectories() default {};
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogPublisher.class);

    private final List<Path> allowedDirectories;
    private final ObjectWriter json = RocmonJson.mapper().writer();
    private String sensor;
    private String inMsg;
    private Path file;
    private BufferedWriter writer;

    @Activate
    public LogPublisher(Config config) {
        this(directories(config.allowedDirectories()));
    }

    LogPublisher(List<Path> allowedDirectories) {
        this.allowedDirectories = List.copyOf(allowedDirectories);
    }

    private static List<Path> directories(String[] names) {
        List<Path> out = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            if (name != null && !name.isBlank()) {
                try {
                    out.add(Paths.get(name.trim()).toAbsolutePath().normalize());
                } catch (InvalidPathException e) {
                    // A broken entry must not widen the limit: it matches nothing.
                    LOG.warn("{}: ignoring allowedDirectories entry '{}': {}", PID, name, e.getMessage());
                }
            }
        }
        if (names != null && names.length > 0 && out.isEmpty()) {
            // Only broken entries: keep the operator's intent of a limit rather than allowing every path.
            out.add(Paths.get("/nonexistent-rocmon-log-folder").toAbsolutePath());
        }
        return out;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String attribute = context.attributePrefix() + "filename";
        String name = context.string("filename").trim();
        sensor = context.entityId();
        inMsg = context.channel("in_msg");
        Path path;
        try {
            path = Paths.get(name);
        } catch (InvalidPathException e) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' is not a file name: " + name);
        }
        if (!path.isAbsolute()) {
            throw new InvalidAttributeException(attribute,
                    "attribute '" + attribute + "' must be an absolute path, not '" + name + "'");
        }
        path = path.normalize();
        checkAllowed(attribute, path, path);
        Path folder = path.getParent();
        try {
            if (folder != null) {
                Files.createDirectories(folder);
                // a symbolic link inside an allowed folder must not lead out of it
                checkAllowed(attribute, path, folder.toRealPath().resolve(path.getFileName()));
            }
            if (Files.isDirectory(path)) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' names a folder: " + path);
            }
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | SecurityException e) {
            throw new InvalidAttributeException(attribute,
                    "attribute '" + attribute + "': cannot open " + path + " for append (" + e + ")");
        }
        file = path;
    }

    private void checkAllowed(String attribute, Path asGiven, Path candidate) throws InvalidAttributeException {
        if (allowedDirectories.isEmpty()) {
            return;
        }
        for (Path dir : allowedDirectories) {
            if (candidate.startsWith(dir) || candidate.startsWith(realPath(dir))) {
                return;
            }
        }
        throw new InvalidAttributeException(attribute, "attribute '" + attribute + "': " + asGiven
                + " is outside the folders this node allows for logs " + allowedDirectories);
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
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
