package org.rocmon.catalog.internal.repository;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.VersionRange;

public class RepositoriesTest {

    private static final String EWMA = "http://example.com/occi/monitoring/aggregator#EWMA";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path write(String name, String... resources) throws Exception {
        Path p = tmp.getRoot().toPath().resolve(name);
        Files.writeString(p, IndexFixtures.index(resources), StandardCharsets.UTF_8);
        return p;
    }

    private static String ewma(String version) {
        return IndexFixtures.resource("ewma", version, "ewma-" + version + ".jar",
                IndexFixtures.mixin("aggregator", "EWMA", version), "");
    }

    @Test
    public void parsesPathsAndUrls() {
        List<java.net.URI> uris = Repositories.parse(" target/mixins/index.xml , file:/a/index.xml,,http://127.0.0.1:9/i.xml");
        assertEquals(3, uris.size());
        assertEquals(Path.of("target/mixins/index.xml").toAbsolutePath().toUri(), uris.get(0));
        assertEquals("file:/a/index.xml", uris.get(1).toString());
        assertEquals("http", uris.get(2).getScheme());
        assertTrue(Repositories.parse(null).isEmpty());
    }

    @Test
    public void findsByIdKindAndRangeHighestFirstAcrossIndexes() throws Exception {
        Path a = write("a.xml", ewma("1.0.0"), IndexFixtures.resource("log", "1.0.0", "log.jar",
                IndexFixtures.mixin("publisher", "Log", "1.0.0"), ""));
        Path b = write("b.xml", ewma("2.0.0"));
        Repositories r = new Repositories(List.of(a.toUri(), b.toUri(), tmp.getRoot().toPath().resolve("absent.xml").toUri()));
        assertEquals(List.of("2.0.0", "1.0.0"), versions(r.find("aggregator", EWMA, null)));
        assertEquals(List.of("1.0.0"), versions(r.find("aggregator", EWMA, VersionRange.valueOf("[1,2)"))));
        assertTrue("kind must match", r.find("publisher", EWMA, null).isEmpty());
        assertEquals(b.toUri().resolve("ewma-2.0.0.jar"), r.find("aggregator", EWMA, null).get(0).resource().content());
    }

    @Test
    public void rereadsAnIndexThatChanged() throws Exception {
        Path a = write("a.xml", ewma("1.0.0"));
        Repositories r = new Repositories(List.of(a.toUri()));
        assertEquals(List.of("1.0.0"), versions(r.find("aggregator", EWMA, null)));
        write("a.xml", ewma("1.0.0"), ewma("1.1.0"));
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5_000));
        assertEquals(List.of("1.1.0", "1.0.0"), versions(r.find("aggregator", EWMA, null)));
    }

    private static List<String> versions(List<MixinOffer> offers) {
        return offers.stream().map(o -> o.version().toString()).collect(Collectors.toList());
    }
}
