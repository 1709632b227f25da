package org.rocmon.catalog.internal.repository;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.Test;
import org.osgi.framework.Version;

public class IndexReaderTest {

    private static final URI HERE = URI.create("file:/opt/rocmon/mixins/index.xml");

    private static List<IndexResource> read(String xml) throws IOException {
        return IndexReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), HERE);
    }

    @Test
    public void readsIdentityContentCapabilitiesAndRequirements() throws Exception {
        List<IndexResource> rs = read(IndexFixtures.index(IndexFixtures.resource("org.rocmon.mixins.aggregator.ewma",
                "2.0.0", "ewma-2.0.0.jar", IndexFixtures.mixin("aggregator", "EWMA", "2.0.0"),
                IndexFixtures.imports("org.rocmon.api.mixin", "1.1.0", "2.0.0", false))));
        assertEquals(1, rs.size());
        IndexResource r = rs.get(0);
        assertEquals("org.rocmon.mixins.aggregator.ewma", r.symbolicName());
        assertEquals(new Version(2, 0, 0), r.version());
        assertEquals("relative URLs are resolved against the index", URI.create("file:/opt/rocmon/mixins/ewma-2.0.0.jar"),
                r.content());
        assertEquals(1234L, r.capabilities().get(1).attributes().get("size"));
        List<MixinOffer> offers = MixinOffer.of(r);
        assertEquals(1, offers.size());
        assertEquals("http://example.com/occi/monitoring/aggregator#EWMA", offers.get(0).id());
        assertEquals("aggregator", offers.get(0).kind());
        assertEquals(new Version(2, 0, 0), offers.get(0).version());
        assertEquals("osgi.wiring.package", r.requirements().get(0).namespace());
        assertTrue(r.requirements().get(0).filter().contains("(osgi.wiring.package=org.rocmon.api.mixin)"));
    }

    @Test
    public void readsGzippedIndexes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(IndexFixtures.index(IndexFixtures.resource("a", "1.0.0", "http://127.0.0.1/a.jar", "", ""))
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<IndexResource> rs = IndexReader.read(new ByteArrayInputStream(bytes.toByteArray()), HERE);
        assertEquals(URI.create("http://127.0.0.1/a.jar"), rs.get(0).content());
    }

    @Test
    public void refusesWhatIsNotAnIndex() {
        for (String bad : new String[] {"<html/>", "not xml", "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM "
                + "'file:/etc/passwd'>]><repository>&x;</repository>", "<repository><resource/></repository>"}) {
            try {
                read(bad);
                fail(bad);
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("index"));
            }
        }
    }
}
