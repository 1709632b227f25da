package org.rocmon.mixins.publisher.log.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.attributes.FileArea;
import org.rocmon.testkit.MixinContexts;

public class LogPublisherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private AttributeContext context(String sensor, Path file) throws InvalidAttributeException {
        return context(sensor, file.toString(), FileArea.of(tmp.getRoot().toPath(), List.of()));
    }

    private static AttributeContext context(String sensor, String file, FileArea area)
            throws InvalidAttributeException {
        String p = MixinContexts.prefix(LogPublisher.SCHEME, LogPublisher.TERM);
        return AttributeContext.create(p, MixinContexts.specs(LogPublisher.FILENAME, LogPublisher.IN_MSG), sensor,
                Map.of(p + "filename", file, p + "in_msg", "b"), 3000, Map.of(), area);
    }

    @Test
    public void linesAreReadableWhileTheSensorRuns() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("s01.log");
        LogPublisher log = new LogPublisher();
        log.open(context("s01", file));
        try {
            for (int i = 1; i <= 3; i++) {
                log.publish("b", Measurement.of(i, i));
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                assertEquals(i, lines.size());
                assertEquals("{\"ts\":" + i + ",\"sensor\":\"s01\",\"channel\":\"b\",\"value\":" + i + "}",
                        lines.get(i - 1));
            }
        } finally {
            log.close();
        }
    }

    @Test
    public void twoSensorsAppendWholeLinesToOneFile() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("shared.log");
        LogPublisher one = new LogPublisher();
        LogPublisher two = new LogPublisher();
        one.open(context("s01", file));
        two.open(context("s02", file));
        for (int i = 0; i < 50; i++) {
            one.publish("b", Measurement.of("one", i));
            two.publish("b", Measurement.of("two", i));
        }
        one.close();
        two.close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(100, lines.size());
        assertEquals(50,
                lines.stream().filter(l -> l.contains("\"sensor\":\"s02\",\"channel\":\"b\",\"value\":\"two\"")).count());
    }

    @Test
    public void theHostConfinesTheFileBeforeTheMixinOpens() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path allowed = tmp.newFolder("allowed").toPath();
        FileArea area = FileArea.of(data, List.of(allowed));
        LogPublisher inside = new LogPublisher();
        inside.open(context("s01", allowed + "/x/s01.log", area));
        inside.close();
        assertTrue(Files.exists(allowed.resolve("x/s01.log")));
        LogPublisher relative = new LogPublisher();
        relative.open(context("s01", "logs/s01.log", area));
        relative.close();
        assertTrue(Files.exists(data.resolve("logs/s01.log")));
        Path elsewhere = tmp.getRoot().toPath().resolve("elsewhere/s01.log");
        for (String refused : new String[] {elsewhere.toString(), "../elsewhere/s01.log"}) {
            try {
                context("s01", refused, area);
                fail(refused);
            } catch (InvalidAttributeException e) {
                assertEquals("com.example.occi.monitoring.Log.filename", e.attribute());
            }
        }
        assertFalse("a refused path must not get folders", Files.exists(elsewhere.getParent()));
    }

    @Test
    public void aSymbolicLinkCannotLeadOutOfTheDataFolder() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path outside = tmp.newFolder("outside").toPath();
        Files.createSymbolicLink(data.resolve("link"), outside);
        FileArea area = FileArea.of(data, List.of());
        try {
            context("s01", "link/s01.log", area);
            fail();
        } catch (InvalidAttributeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("outside"));
        }
        // A link put in the file's place after the host checked the path is not followed when the mixin opens.
        AttributeContext checked = context("s01", "late.log", area);
        Files.createSymbolicLink(data.resolve("late.log"), outside.resolve("late.log"));
        LogPublisher log = new LogPublisher();
        try {
            log.open(checked);
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Log.filename", e.attribute());
        } finally {
            log.close();
        }
        assertFalse(Files.exists(outside.resolve("s01.log")));
        assertFalse(Files.exists(outside.resolve("late.log")));
    }

    @Test
    public void closeTwiceAndWithoutOpenIsSafe() throws Exception {
        new LogPublisher().close();
        LogPublisher log = new LogPublisher();
        log.open(context("s01", tmp.getRoot().toPath().resolve("c.log")));
        log.close();
        log.close();
        log.tick(1);
    }
}
