package org.rocmon.mixins.publisher.log.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.attributes.FileArea;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/Log, each in a fresh temporary folder {@code ${dir}} whose {@code ${data}}
 * ({@code ${dir}/data}) is the node's data folder, holding a plain file {@code ${data}/a-file} and a folder
 * {@code ${data}/folder}: {@code description.json} (an OCCI sensor description), {@code allowed.txt} (optional:
 * further folders the operator lets mixins write in, one a line), {@code before.log} (optional: what the file holds before open),
 * then either {@code input.jsonl} and {@code expected.log} (the exact file content after close) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class LogFixtureTest {

    private static final String[] SPECS = {LogPublisher.FILENAME, LogPublisher.IN_MSG};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(LogPublisher.TERM, c -> {
            Map<String, String> vars = vars(c);
            runDataCase(c, vars, allowed(c, vars));
        }, c -> {
            Map<String, String> vars = vars(c);
            runErrorCase(c, vars, allowed(c, vars));
        });
        assertTrue("need data and error cases", n.data >= 3 && n.errors >= 3);
    }

    /** A fresh folder per case, as {@code ${dir}}, with a file in it where a case needs something not a folder. */
    private Map<String, String> vars(Path c) throws IOException {
        Path dir = tmp.newFolder(c.getFileName().toString()).toPath().toRealPath();
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a-file"), "not a folder");
        Files.createDirectories(data.resolve("folder"));
        return Map.of("dir", dir.toString(), "data", data.toString());
    }

    private static FileArea allowed(Path c, Map<String, String> vars) throws IOException {
        List<Path> allowed = new ArrayList<>();
        if (Files.exists(c.resolve("allowed.txt"))) {
            for (String line : Fixtures.lines(c.resolve("allowed.txt"))) {
                allowed.add(Path.of(Fixtures.expand(line, vars)));
            }
        }
        return FileArea.of(Path.of(vars.get("data")), allowed);
    }

    private static void runDataCase(Path c, Map<String, String> vars, FileArea files) throws Exception {
        var context = MixinContexts.fromFile(c.resolve("description.json"), vars, files, LogPublisher.SCHEME,
                LogPublisher.TERM, SPECS);
        Path file = Path.of(context.string("filename")).normalize();
        if (Files.exists(c.resolve("before.log"))) {
            Files.createDirectories(file.getParent());
            Files.copy(c.resolve("before.log"), file);
        }
        LogPublisher log = new LogPublisher();
        log.open(context);
        for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
            Map.Entry<String, Measurement> in = MeasurementRows.json(line);
            log.publish(in.getKey(), in.getValue());
        }
        log.tick(0);
        log.close();
        String expected = Fixtures.expand(Files.readString(c.resolve("expected.log"), StandardCharsets.UTF_8), vars);
        assertEquals(c.toString(), expected, Files.readString(file, StandardCharsets.UTF_8));
    }

    private static void runErrorCase(Path c, Map<String, String> vars, FileArea files) throws Exception {
        LogPublisher log = new LogPublisher();
        FixtureCases.assertRefusal(c, () -> log.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                files, LogPublisher.SCHEME, LogPublisher.TERM, SPECS)), log::close);
    }
}
