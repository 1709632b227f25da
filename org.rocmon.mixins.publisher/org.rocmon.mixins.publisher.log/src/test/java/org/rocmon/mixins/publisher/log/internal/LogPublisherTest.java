package org.rocmon.mixins.publisher.log.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
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
import org.rocmon.testkit.MixinContexts;

public class LogPublisherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static AttributeContext context(String sensor, Path file) throws InvalidAttributeException {
        String p = MixinContexts.prefix(LogPublisher.SCHEME, LogPublisher.TERM);
        return AttributeContext.create(p, MixinContexts.specs(LogPublisher.FILENAME, LogPublisher.IN_MSG), sensor,
                Map.of(p + "filename", file.toString(), p + "in_msg", "b"), 3000, Map.of());
    }

    private static LogPublisher.Config config(String... dirs) {
        return new LogPublisher.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LogPublisher.Config.class;
            }

            @Override
            public String[] allowedDirectories() {
                return dirs;
            }
        };
    }

    @Test
    public void linesAreReadableWhileTheSensorRuns() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("s01.log");
        LogPublisher log = new LogPublisher(config());
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
        LogPublisher one = new LogPublisher(config());
        LogPublisher two = new LogPublisher(config());
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
    public void configuredFoldersLimitWhereLogsGo() throws Exception {
        Path allowed = tmp.newFolder("allowed").toPath();
        LogPublisher inside = new LogPublisher(config("  ", allowed.toString()));
        inside.open(context("s01", allowed.resolve("x/s01.log")));
        inside.close();
        assertTrue(Files.exists(allowed.resolve("x/s01.log")));
        LogPublisher outside = new LogPublisher(config(allowed.toString()));
        Path elsewhere = tmp.getRoot().toPath().resolve("elsewhere/s01.log");
        try {
            outside.open(context("s01", elsewhere));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Log.filename", e.attribute());
        } finally {
            outside.close();
        }
        assertFalse("a refused path must not get folders", Files.exists(elsewhere.getParent()));
    }

    @Test
    public void aSymbolicLinkCannotLeadOutOfAnAllowedFolder() throws Exception {
        Path allowed = tmp.newFolder("allowed").toPath();
        Path outside = tmp.newFolder("outside").toPath();
        Files.createSymbolicLink(allowed.resolve("link"), outside);
        LogPublisher log = new LogPublisher(config(allowed.toString()));
        try {
            log.open(context("s01", allowed.resolve("link/s01.log")));
            fail();
        } catch (InvalidAttributeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("outside"));
        } finally {
            log.close();
        }
        assertFalse(Files.exists(outside.resolve("s01.log")));
    }

    @Test
    public void closeTwiceAndWithoutOpenIsSafe() throws Exception {
        new LogPublisher(config()).close();
        LogPublisher log = new LogPublisher(config());
        log.open(context("s01", tmp.getRoot().toPath().resolve("c.log")));
        log.close();
        log.close();
        log.tick(1);
    }
}
