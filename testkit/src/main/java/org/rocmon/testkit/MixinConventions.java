package org.rocmon.testkit;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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

import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.Publisher;

/**
 * The mixin convention: every mixin has a section {@code ## <Term>} in its family README (the README.md of the
 * folder above its module) with the headings {@code ### Purpose}, {@code ### Attributes}, {@code ### Channels},
 * {@code ### Example} and {@code ### Errors}, and a non-empty fixture folder {@code testcases/<Term>} in its module.
 * The checks collect every problem before failing, so one run lists all that is missing.
 */
public final class MixinConventions {

    /** The headings every README section has, in this order of writing. */
    public static final List<String> HEADINGS = List.of("Purpose", "Attributes", "Channels", "Example", "Errors");

    private MixinConventions() {
    }

    /**
     * Checks the module under test (system property {@code basedir}): its mixins are the concrete Metric,
     * Aggregator and Publisher classes compiled beside {@code anyClassOfModule}, each with a {@code TERM} constant.
     */
    public static void assertModule(Class<?> anyClassOfModule) throws Exception {
        Path module = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        List<Class<?>> mixins = mixinClasses(anyClassOfModule);
        assertTrue("no mixin classes found beside " + anyClassOfModule.getName(), !mixins.isEmpty());
        String readme = readme(module.getParent());
        List<String> problems = new ArrayList<>();
        for (Class<?> mixin : mixins) {
            String term = term(mixin);
            if (term == null) {
                problems.add(mixin.getSimpleName() + ": no public static String TERM");
            } else {
                problems.addAll(problems(readme, Fixtures.TESTCASES, mixin.getSimpleName(), term));
            }
        }
        assertNone(problems);
    }

    /**
     * Checks every module of a family folder, finding mixins in the sources ({@link MixinSources}).
     *
     * @return how many mixins were checked
     */
    public static int assertFamily(Path family) throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = familyProblems(family, problems);
        assertNone(problems);
        return checked;
    }

    /**
     * Adds the problems of every module of a family folder to {@code problems}; a family without mixins is one.
     *
     * @return how many mixins were checked
     */
    public static int familyProblems(Path family, List<String> problems) throws IOException {
        String readme = readme(family);
        List<Path> modules;
        try (Stream<Path> s = Files.list(family)) {
            modules = s.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).sorted().collect(Collectors.toList());
        }
        int checked = 0;
        for (Path module : modules) {
            for (MixinSources.Found mixin : MixinSources.find(module)) {
                String where = module.getFileName() + "/" + mixin.className;
                if (mixin.term == null) {
                    problems.add(where + ": a mixin without a readable @MixinType term");
                } else {
                    problems.addAll(problems(readme, Fixtures.testcases(module), where, mixin.term));
                }
                checked++;
            }
        }
        if (checked == 0) {
            problems.add(family.getFileName() + ": no mixins found");
        }
        return checked;
    }

    /** @return what the mixin {@code term} lacks: README section or headings, fixture folder or fixtures */
    public static List<String> problems(String readme, Path testcases, String where, String term) throws IOException {
        List<String> out = new ArrayList<>();
        String section = section(readme, term);
        if (section == null) {
            out.add(where + ": family README lacks '## " + term + "'");
        } else {
            for (String heading : HEADINGS) {
                if (!section.contains("\n### " + heading + "\n")) {
                    out.add(term + ": README section lacks '### " + heading + "'");
                }
            }
        }
        Path cases = testcases.resolve(term);
        if (!Files.isDirectory(cases)) {
            out.add(term + ": no fixture folder " + cases);
        } else {
            try (Stream<Path> s = Files.list(cases)) {
                if (s.findAny().isEmpty()) {
                    out.add(term + ": empty fixture folder " + cases);
                }
            }
        }
        return out;
    }

    /** @return the text from "## term" to the next second-level heading, or null */
    public static String section(String readme, String term) {
        Matcher m = Pattern.compile("^## " + Pattern.quote(term) + "\\s*$", Pattern.MULTILINE).matcher(readme);
        if (!m.find()) {
            return null;
        }
        String rest = readme.substring(m.end());
        Matcher next = Pattern.compile("^## ", Pattern.MULTILINE).matcher(rest);
        return next.find() ? rest.substring(0, next.start()) + "\n" : rest + "\n";
    }

    private static String readme(Path family) throws IOException {
        return Files.readString(family.resolve("README.md"), StandardCharsets.UTF_8);
    }

    private static void assertNone(List<String> problems) {
        assertTrue("mixin convention broken:\n  " + String.join("\n  ", problems), problems.isEmpty());
    }

    private static String term(Class<?> mixin) {
        try {
            Field f = mixin.getField("TERM");
            return Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof String ? (String) f.get(null) : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static List<Class<?>> mixinClasses(Class<?> anchor) throws Exception {
        Path classes = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))
                    .sorted().collect(Collectors.toList());
        }
        List<Class<?>> found = new ArrayList<>();
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
            Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                    anchor.getClassLoader());
            boolean spi = Metric.class.isAssignableFrom(c) || Aggregator.class.isAssignableFrom(c)
                    || Publisher.class.isAssignableFrom(c);
            if (spi && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                found.add(c);
            }
        }
        return found;
    }
}
