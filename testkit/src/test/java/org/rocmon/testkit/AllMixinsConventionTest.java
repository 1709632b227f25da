package org.rocmon.testkit;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/**
 * One test for every mixin of the three families: each has its README section with the standard headings and a
 * fixture folder. Mixins are read from the sources, so a new mixin module needs nothing here to be checked.
 */
public class AllMixinsConventionTest {

    private static final String[] FAMILIES = {"org.rocmon.mixins.metric", "org.rocmon.mixins.aggregator",
        "org.rocmon.mixins.publisher"};

    @Test
    public void everyMixinOfEveryFamilyHasDocsAndFixtures() throws Exception {
        // The testkit module sits at the repository root, beside the family folders.
        Path root = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String family : FAMILIES) {
            Path folder = root.resolve(family);
            assertTrue("no family folder " + folder, Files.isDirectory(folder));
            checked += MixinConventions.familyProblems(folder, problems);
        }
        assertTrue("mixin convention broken:\n  " + String.join("\n  ", problems), problems.isEmpty());
        // 19 mixins when this was written; fewer means the scan lost some, not that they were removed.
        assertTrue("only " + checked + " mixins found", checked >= 19);
    }
}
