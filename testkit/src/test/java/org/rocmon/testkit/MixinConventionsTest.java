package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MixinConventionsTest {

    private static final String SECTION = "## %s\n\n### Purpose\np\n\n### Attributes\na\n\n### Channels\nc\n\n"
            + "### Example\ne\n\n### Errors\nr\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path family;
    private Path module;

    @Before
    public void family() throws Exception {
        family = tmp.newFolder("org.example.mixins").toPath();
        module = family.resolve("org.example.mixins.one");
        Files.createDirectories(module);
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        source("One.java", "@Component(service = Metric.class)\n@MixinType(scheme = One.SCHEME, term = One.TERM,"
                + " kind = MixinKind.METRIC,\n  title = \"a class of its own\")\npublic class One implements Metric {\n"
                + "  public static final String TERM = \"One\";\n}\n");
        source("Two.java", "@MixinType(scheme = \"x#\", term = \"Two\", kind = MixinKind.AGGREGATOR)\n"
                + "public final class Two implements Aggregator {\n}\n");
        source("Three.java", "@MixinType(scheme = \"x#\", term = Names.THREE, kind = MixinKind.PUBLISHER)\n"
                + "class Three implements Publisher {\n}\n");
        source("Names.java", "final class Names {\n  static final String THREE = \"Third\";\n}\n");
        for (String term : List.of("One", "Two", "Third")) {
            Files.createDirectories(Fixtures.testcases(module).resolve(term).resolve("case"));
        }
        readme(String.format(SECTION, "One") + String.format(SECTION, "Two") + String.format(SECTION, "Third"));
    }

    @Test
    public void findsTermsFromLiteralsAndConstants() throws Exception {
        List<String> found = new ArrayList<>();
        for (MixinSources.Found f : MixinSources.find(module)) {
            found.add(f.className + "=" + f.term);
        }
        assertEquals(List.of("One=One", "Three=Third", "Two=Two"), found);
    }

    @Test
    public void completeFamilyPasses() throws Exception {
        assertEquals(3, MixinConventions.assertFamily(family));
    }

    @Test
    public void missingHeadingFails() throws Exception {
        readme(String.format(SECTION, "One") + String.format(SECTION, "Two").replace("### Channels", "### Chanels")
                + String.format(SECTION, "Third"));
        assertProblems("Two: README section lacks '### Channels'");
    }

    @Test
    public void missingSectionFails() throws Exception {
        readme(String.format(SECTION, "One") + String.format(SECTION, "Two"));
        assertProblems("family README lacks '## Third'");
    }

    @Test
    public void missingOrEmptyFixturesFail() throws Exception {
        Files.delete(Fixtures.testcases(module).resolve("One").resolve("case"));
        Files.delete(Fixtures.testcases(module).resolve("Two").resolve("case"));
        Files.delete(Fixtures.testcases(module).resolve("Two"));
        assertProblems("One: empty fixture folder", "Two: no fixture folder");
    }

    @Test
    public void implementationWithoutMixinTypeFails() throws Exception {
        source("Four.java", "public class Four implements Metric {\n}\n");
        assertProblems("Four: a mixin without a readable @MixinType term");
    }

    @Test
    public void familyWithoutMixinsFails() throws Exception {
        Path empty = tmp.newFolder("org.example.empty").toPath();
        Files.writeString(empty.resolve("README.md"), "# nothing\n");
        List<String> problems = new ArrayList<>();
        assertEquals(0, MixinConventions.familyProblems(empty, problems));
        assertEquals(List.of("org.example.empty: no mixins found"), problems);
    }

    @Test
    public void sectionEndsAtTheNextSecondLevelHeading() {
        String readme = "# T\n## A\n### Purpose\n## B\n### Errors\n";
        assertEquals("\n### Purpose\n\n", MixinConventions.section(readme, "A"));
        assertNull(MixinConventions.section(readme, "C"));
    }

    private void assertProblems(String... expected) throws Exception {
        try {
            MixinConventions.assertFamily(family);
            fail("the convention check passed");
        } catch (AssertionError e) {
            for (String problem : expected) {
                assertTrue(e.getMessage(), e.getMessage().contains(problem));
            }
        }
    }

    private void source(String name, String text) throws Exception {
        Path folder = module.resolve("src/main/java/org/example/one/internal");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), "package org.example.one.internal;\n\n" + text, StandardCharsets.UTF_8);
    }

    private void readme(String sections) throws Exception {
        Files.writeString(family.resolve("README.md"), "# Example mixins\n\nIntro.\n\n" + sections,
                StandardCharsets.UTF_8);
    }
}
