package org.rocmon.bench.count.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.bench.histogram.LogHistogram;

/**
 * The load harness's sink: counts every measurement it is given and records its end-to-end latency (now minus
 * the measurement's timestamp, which is the client's send time carried in the frame's "ts"), then writes a JSON
 * summary to {@code statsfile} on every tick so the harness, a separate process, can read it.
 *
 * <p>The optional {@code in1}..{@code in99} inputs exist only so that one instance can read up to 100 channels of
 * a many-channel frame: the SPI routes a publisher only the channels its {@code in} attributes name.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = "http://example.com/occi/monitoring/publisher#", term = "Count", kind = MixinKind.PUBLISHER,
        title = "Counts measurements and end-to-end latency (load harness)",
        attributes = {"input:in!|channel to count",
                "statsfile:string!|file the JSON summary is written to on every tick",
                "in1:in",
                "in2:in",
                "in3:in",
                "in4:in",
                "in5:in",
                "in6:in",
                "in7:in",
                "in8:in",
                "in9:in",
                "in10:in",
                "in11:in",
                "in12:in",
                "in13:in",
                "in14:in",
                "in15:in",
                "in16:in",
                "in17:in",
                "in18:in",
                "in19:in",
                "in20:in",
                "in21:in",
                "in22:in",
                "in23:in",
                "in24:in",
                "in25:in",
                "in26:in",
                "in27:in",
                "in28:in",
                "in29:in",
                "in30:in",
                "in31:in",
                "in32:in",
                "in33:in",
                "in34:in",
                "in35:in",
                "in36:in",
                "in37:in",
                "in38:in",
                "in39:in",
                "in40:in",
                "in41:in",
                "in42:in",
                "in43:in",
                "in44:in",
                "in45:in",
                "in46:in",
                "in47:in",
                "in48:in",
                "in49:in",
                "in50:in",
                "in51:in",
                "in52:in",
                "in53:in",
                "in54:in",
                "in55:in",
                "in56:in",
                "in57:in",
                "in58:in",
                "in59:in",
                "in60:in",
                "in61:in",
                "in62:in",
                "in63:in",
                "in64:in",
                "in65:in",
                "in66:in",
                "in67:in",
                "in68:in",
                "in69:in",
                "in70:in",
                "in71:in",
                "in72:in",
                "in73:in",
                "in74:in",
                "in75:in",
                "in76:in",
                "in77:in",
                "in78:in",
                "in79:in",
                "in80:in",
                "in81:in",
                "in82:in",
                "in83:in",
                "in84:in",
                "in85:in",
                "in86:in",
                "in87:in",
                "in88:in",
                "in89:in",
                "in90:in",
                "in91:in",
                "in92:in",
                "in93:in",
                "in94:in",
                "in95:in",
                "in96:in",
                "in97:in",
                "in98:in",
                "in99:in"})
public class CountingPublisher implements Publisher {

    private final LongSupplier clock;
    private final LogHistogram latencyMicros = new LogHistogram();
    private long count;
    private long ticks;
    private Path statsFile;
    private Path tempFile;

    /** Used by DS. */
    public CountingPublisher() {
        this(System::currentTimeMillis);
    }

    CountingPublisher(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        context.channel("input");
        String name = context.string("statsfile");
        Path file;
        try {
            file = Paths.get(name).toAbsolutePath();
        } catch (RuntimeException e) {
            throw new InvalidAttributeException("statsfile", "not a file name: " + name);
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new InvalidAttributeException("statsfile", "folder of " + file + " does not exist");
        }
        statsFile = file;
        tempFile = file.resolveSibling(file.getFileName() + ".tmp");
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        count++;
        // Timestamps are epoch milliseconds, so latency has a 1 ms resolution; micros keep the file's unit stable.
        latencyMicros.record((clock.getAsLong() - measurement.timestamp()) * 1000L);
    }

    @Override
    public void tick(long now) throws IOException {
        ticks++;
        write(now);
    }

    @Override
    public void close() {
        if (statsFile != null) {
            try {
                write(clock.getAsLong());
            } catch (IOException e) {
                // Nothing to report to: the harness reads whatever the last tick wrote.
            }
        }
    }

    /** @return the summary line the harness reads */
    String summary(long now) {
        long[] snapshot = latencyMicros.snapshot();
        return "{\"count\":" + count + ",\"ticks\":" + ticks + ",\"ts\":" + now
                + ",\"p50us\":" + LogHistogram.percentile(snapshot, 50)
                + ",\"p99us\":" + LogHistogram.percentile(snapshot, 99)
                + ",\"hist\":" + LogHistogram.toJson(snapshot) + "}\n";
    }

    private void write(long now) throws IOException {
        if (statsFile == null) {
            return;
        }
        // Temp file + atomic move: the harness polls the file and must never see half a line.
        Files.write(tempFile, summary(now).getBytes(StandardCharsets.UTF_8));
        Files.move(tempFile, statsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
