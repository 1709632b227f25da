package org.rocmon.mixins.publisher.prometheus.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.Publisher;

/**
 * Every mixin class of this bundle (found by scanning its compiled classes) declares its TERM, has a section
 * {@code ## <Term>} with the standard headings in the family README, and a fixture folder testcases/<Term>.
 */
public class MixinConventionTest {

    private static final String[] HEADINGS = {"Purpose", "Attributes", "Channels", "Example", "Errors"};

    @Test
    public void everyMixinHasReadmeSectionAndFixtures() throws Exception {
        // The family README lives in the folder above this module.
        Path family = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        String readme = Files.readString(family.resolve("README.md"), StandardCharsets.UTF_8);
        List<Class<?>> mixins = mixinClasses();
        assertFalse("no mixin classes found", mixins.isEmpty());
        for (Class<?> mixin : mixins) {
            String term = (String) mixin.getField("TERM").get(null);
            String section = section(readme, term);
            assertTrue(mixin.getSimpleName() + ": family README lacks '## " + term + "'", section != null);
            for (String heading : HEADINGS) {
                assertTrue(term + ": README section lacks '### " + heading + "'",
                        section.contains("\n### " + heading + "\n"));
            }
            Path cases = Fixtures.TESTCASES.resolve(term);
            assertTrue(term + ": no fixture folder " + cases, Files.isDirectory(cases));
            try (Stream<Path> s = Files.list(cases)) {
                assertTrue(term + ": empty fixture folder", s.findAny().isPresent());
            }
        }
    }

    /** @return the text from "## term" to the next second-level heading, or null */
    private static String section(String readme, String term) {
        Matcher m = Pattern.compile("^## " + Pattern.quote(term) + "\\s*$", Pattern.MULTILINE).matcher(readme);
        if (!m.find()) {
            return null;
        }
        String rest = readme.substring(m.end());
        Matcher next = Pattern.compile("^## ", Pattern.MULTILINE).matcher(rest);
        return next.find() ? rest.substring(0, next.start()) + "\n" : rest + "\n";
    }

    private static List<Class<?>> mixinClasses() throws Exception {
        Path classes = classesFolder();
        List<Class<?>> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
            Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()));
            boolean spi = Metric.class.isAssignableFrom(c) || Aggregator.class.isAssignableFrom(c)
                    || Publisher.class.isAssignableFrom(c);
            if (spi && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                found.add(c);
            }
        }
        return found;
    }

    private static Path classesFolder() throws URISyntaxException {
        return Paths.get(Prometheus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
