package org.rocmon.mixins.publisher.log.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

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
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Runs every folder under testcases/Log, each in a fresh temporary folder {@code ${dir}} (which holds a plain file
 * {@code ${dir}/a-file}): {@code description.json} (an OCCI sensor description), {@code allowed.txt} (optional:
 * the configured allowedDirectories, one a line), {@code before.log} (optional: what the file holds before open),
 * then either {@code input.jsonl} and {@code expected.log} (the exact file content after close) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class LogFixtureTest {

    private static final String[] SPECS = {LogPublisher.FILENAME, LogPublisher.IN_MSG};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyCase() throws Exception {
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(LogPublisher.TERM)) {
            Path dir = tmp.newFolder(c.getFileName().toString()).toPath().toRealPath();
            Files.writeString(dir.resolve("a-file"), "not a folder");
            Map<String, String> vars = Map.of("dir", dir.toString());
            List<Path> allowed = new ArrayList<>();
            if (Files.exists(c.resolve("allowed.txt"))) {
                for (String line : Fixtures.lines(c.resolve("allowed.txt"))) {
                    allowed.add(Path.of(Fixtures.expand(line, vars)));
                }
            }
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c, vars, allowed);
                errors++;
            } else {
                runDataCase(c, vars, allowed);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 3 && errors >= 3);
    }

    private static void runDataCase(Path c, Map<String, String> vars, List<Path> allowed) throws Exception {
        var context = Fixtures.context(c.resolve("description.json"), vars, LogPublisher.SCHEME, LogPublisher.TERM, SPECS);
        Path file = Path.of(context.string("filename")).normalize();
        if (Files.exists(c.resolve("before.log"))) {
            Files.createDirectories(file.getParent());
            Files.copy(c.resolve("before.log"), file);
        }
        LogPublisher log = new LogPublisher(allowed);
        log.open(context);
        for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
            Map.Entry<String, Measurement> in = Fixtures.input(line);
            log.publish(in.getKey(), in.getValue());
        }
        log.tick(0);
        log.close();
        String expected = Fixtures.expand(Files.readString(c.resolve("expected.log"), StandardCharsets.UTF_8), vars);
        assertEquals(c.toString(), expected, Files.readString(file, StandardCharsets.UTF_8));
    }

    private static void runErrorCase(Path c, Map<String, String> vars, List<Path> allowed) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        LogPublisher log = new LogPublisher(allowed);
        try {
            log.open(Fixtures.context(c.resolve("description.json"), vars, LogPublisher.SCHEME, LogPublisher.TERM,
                    SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            log.close();
        }
    }
}
