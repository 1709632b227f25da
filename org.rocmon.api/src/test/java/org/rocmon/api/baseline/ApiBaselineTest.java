package org.rocmon.api.baseline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;

import org.junit.Test;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.Baseline.Info;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;

/**
 * Semantic versioning of the exported API: bnd's baselining compares the packages this build exports (the
 * compiled {@code target/classes}, analysed by bnd as bnd-maven-plugin does: exports and versions from the
 * {@code @Export}/{@code @Version} of each {@code package-info}) with those of the previous release, checked in as {@code baseline/org.rocmon.api-<version>.jar} (Rocmon is on no remote repository,
 * so the baseline travels with the source). A package whose content changed without the version bump bnd
 * computes (minor for additions, major for removals or changed signatures) fails the build. When a release is
 * cut, replace the jar with the released one ({@link #BASELINE}).
 */
public class ApiBaselineTest {

    /** The previous API release: built from the commit before mixin SPI 1.3 / runtime 1.2 / dto 1.1. */
    static final File BASELINE = new File("baseline/org.rocmon.api-1.0.0.jar");

    @Test
    public void exportedPackagesAreVersionedAgainstTheBaseline() throws Exception {
        List<String> problems = mismatches(built());
        assertEquals("exported packages changed without the right @Version bump (package: have -> need):\n"
                + String.join("\n", problems), List.of(), problems);
    }

    /** The check can fail: the same classes exported under the previous versions (the bumps forgotten). */
    @Test
    public void aChangeWithoutABumpIsReported() throws Exception {
        Jar current = built();
        Manifest m = current.getManifest();
        String exports = m.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        String forgotten = exports.replace("org.rocmon.api.mixin;version=\"1.4.0\"",
                "org.rocmon.api.mixin;version=\"1.2.0\"");
        assertTrue(exports, !forgotten.equals(exports));
        m.getMainAttributes().putValue(Constants.EXPORT_PACKAGE, forgotten);
        current.setManifest(m);
        List<String> problems = mismatches(current);
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("org.rocmon.api.mixin: 1.2.0")));
    }

    /** @return this build's API as bnd makes the bundle (package phase comes after the tests) */
    static Jar built() throws Exception {
        Builder b = new Builder();
        b.setProperty(Constants.BUNDLE_SYMBOLICNAME, "org.rocmon.api");
        b.setProperty(Constants.BUNDLE_VERSION, "1.0.0");
        b.setProperty(Constants.INCLUDEPACKAGE, "org.rocmon.api.*");
        b.addClasspath(new File("target/classes"));
        Jar jar = b.build();
        assertTrue(b.getErrors().toString(), b.isOk());
        return jar;
    }

    static List<String> mismatches(Jar newer) throws Exception {
        assertTrue(BASELINE + " missing", BASELINE.isFile());
        List<String> out = new ArrayList<>();
        try (Processor reporter = new Processor(); Jar older = new Jar(BASELINE)) {
            Set<Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null);
            for (Info info : infos) {
                if (info.mismatch) {
                    out.add(info.packageName + ": " + info.newerVersion + " -> " + info.suggestedVersion
                            + (info.reason == null ? "" : " (" + info.reason + ")"));
                }
            }
        } finally {
            newer.close();
        }
        return out;
    }
}
