package org.rocmon.api.attributes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;

public class FileAreaTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String ATTR = "com.example.occi.monitoring.Log.filename";

    @Test
    public void relativePathsLandUnderTheDataFolder() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        FileArea area = FileArea.of(data, List.of());
        assertEquals(data.toRealPath().resolve("logs/s01.log"), area.resolve(ATTR, "logs/s01.log"));
        assertEquals(data.toRealPath().resolve("s01.log"), area.resolve(ATTR, data + "/s01.log"));
    }

    @Test
    public void outsideTheFoldersIsRefusedNamingTheAttribute() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        FileArea area = FileArea.of(data, List.of());
        refused(area, tmp.getRoot() + "/elsewhere.log");
        refused(area, "/etc/rocmon-test.log");
        refused(area, "../escape.log");
        refused(area, "logs/../../escape.log");
        refused(area, data.toString()); // the folder itself is not a file
        refused(area, " ");
    }

    @Test
    public void operatorFoldersAreAllowedToo() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path logs = tmp.newFolder("var-log").toPath();
        FileArea area = FileArea.parse(data.toString(), logs + ", extra");
        assertEquals(logs.toRealPath().resolve("a.log"), area.resolve(ATTR, logs + "/a.log"));
        assertEquals(List.of(data.toAbsolutePath(), logs, data.toAbsolutePath().resolve("extra")), area.folders());
        refused(area, tmp.getRoot() + "/a.log");
    }

    @Test
    public void symbolicLinksDoNotLeadOut() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path outside = tmp.newFolder("outside").toPath();
        Files.createSymbolicLink(data.resolve("link"), outside);
        Files.createSymbolicLink(data.resolve("file.log"), outside.resolve("target.log"));
        Files.createSymbolicLink(data.resolve("dangling.log"), tmp.getRoot().toPath().resolve("nowhere/x.log"));
        FileArea area = FileArea.of(data, List.of());
        refused(area, "link/s01.log");             // folder link, file not there yet
        refused(area, "link/new/deeper/s01.log");  // folders not there yet either
        refused(area, "file.log");                 // link to a file that does not exist yet
        refused(area, "dangling.log");
        // A link that stays inside is followed, and the mixin gets where it leads.
        Files.createDirectories(data.resolve("real"));
        Files.createSymbolicLink(data.resolve("inside"), data.resolve("real"));
        assertEquals(data.toRealPath().resolve("real/x.log"), area.resolve(ATTR, "inside/x.log"));
    }

    @Test
    public void theContextHandsTheMixinTheResolvedPath() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        FileArea area = FileArea.of(data, List.of());
        List<AttributeSpec> specs = List.of(AttributeSpec.parse("filename:path!"),
                AttributeSpec.parse("salt:secret"));
        AttributeContext c = AttributeContext.create("com.example.occi.monitoring.Log.", specs, "s01",
                Map.of(ATTR, "x.log", "com.example.occi.monitoring.Log.salt", "pepper-and-salt"), 1000, Map.of(),
                area);
        assertEquals(data.toRealPath().resolve("x.log").toString(), c.string("filename"));
        assertEquals("pepper-and-salt", c.string("salt"));
        assertTrue(c.toString(), !c.toString().contains("pepper") && c.toString().contains(AttributeSpec.MASK));
        try {
            AttributeContext.create("com.example.occi.monitoring.Log.", specs, "s01",
                    Map.of(ATTR, "/tmp/x.log"), 1000, Map.of(), area);
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals(ATTR, e.attribute());
        }
    }

    private static void refused(FileArea area, String given) {
        try {
            Path p = area.resolve(ATTR, given);
            fail(given + " was allowed as " + p);
        } catch (InvalidAttributeException e) {
            assertEquals(ATTR, e.attribute());
            assertTrue(e.getMessage(), e.getMessage().contains(ATTR));
        }
    }
}
