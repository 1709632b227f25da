package org.rocmon.catalog.internal.repository;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

public class ClosureTest {

    private static List<IndexResource> index(String... resources) throws Exception {
        return IndexReader.read(new ByteArrayInputStream(IndexFixtures.index(resources)
                .getBytes(StandardCharsets.UTF_8)), URI.create("file:/r/index.xml"));
    }

    private static List<String> names(List<IndexResource> rs) {
        return rs.stream().map(IndexResource::toString).collect(Collectors.toList());
    }

    @Test
    public void addsProvidersOfPackagesTheNodeLacksTransitively() throws Exception {
        List<IndexResource> repo = index(
                IndexFixtures.resource("mixin", "1.0.0", "m.jar", IndexFixtures.mixin("metric", "X", "1.0.0"),
                        IndexFixtures.imports("org.rocmon.api", "1.0.0", "2.0.0", false)
                                + IndexFixtures.imports("lib.a", "1.0.0", "2.0.0", false)
                                + IndexFixtures.imports("lib.opt", "1.0.0", "2.0.0", true)
                                + "<requirement namespace=\"osgi.wiring.package\"><directive name=\"filter\" "
                                + "value=\"(osgi.wiring.package=java.util)\"/></requirement>"),
                IndexFixtures.resource("liba-old", "1.0.0", "a1.jar", IndexFixtures.exports("lib.a", "0.9.0"), ""),
                IndexFixtures.resource("liba", "1.2.0", "a.jar", IndexFixtures.exports("lib.a", "1.2.0"),
                        IndexFixtures.imports("lib.b", "1.0.0", "2.0.0", false)),
                IndexFixtures.resource("libb", "1.0.0", "b.jar", IndexFixtures.exports("lib.b", "1.5.0")
                        + IndexFixtures.exports("lib.a", "1.1.0"), ""));
        List<IndexResource> plan = Closure.of(repo.get(0), repo,
                q -> q.filter().contains("org.rocmon.api)"));
        assertEquals(List.of("mixin 1.0.0", "liba 1.2.0", "libb 1.0.0"), names(plan));
    }

    @Test
    public void nothingToAddWhenTheNodeHasEverything() throws Exception {
        List<IndexResource> repo = index(IndexFixtures.resource("mixin", "1.0.0", "m.jar", "",
                IndexFixtures.imports("org.rocmon.api", "1.0.0", "2.0.0", false)));
        assertEquals(List.of("mixin 1.0.0"), names(Closure.of(repo.get(0), repo, q -> true)));
    }

    @Test
    public void namesThePackageNobodyProvides() throws Exception {
        List<IndexResource> repo = index(IndexFixtures.resource("mixin", "1.0.0", "m.jar", "",
                IndexFixtures.imports("com.example.gone", "1.0.0", "2.0.0", false)),
                IndexFixtures.resource("old", "1.0.0", "o.jar", IndexFixtures.exports("com.example.gone", "2.1.0"), ""));
        try {
            Closure.of(repo.get(0), repo, q -> false);
            fail();
        } catch (Closure.UnresolvableException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("com.example.gone"));
            assertTrue(e.getMessage(), e.getMessage().startsWith("mixin 1.0.0 needs"));
        }
    }
}
