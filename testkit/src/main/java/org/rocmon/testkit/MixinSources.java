package org.rocmon.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the mixins of a module by reading its sources, for checks that run without the module's classes (MixinType
 * has CLASS retention, so reflection cannot see it). A mixin is a class annotated {@code @MixinType}; its term is
 * the annotation's {@code term}, a string literal or a constant ({@code TERM} or {@code Other.TERM}) of a class in
 * the same folder. A class that implements Metric, Aggregator or Publisher without {@code @MixinType} is reported as
 * a mixin with a null term, so the check can fail on it.
 */
public final class MixinSources {

    /** One mixin class found in the sources. */
    public static final class Found {
        public final Path source;
        public final String className;
        /** The term, or null if none could be read. */
        public final String term;

        Found(Path source, String className, String term) {
            this.source = source;
            this.className = className;
            this.term = term;
        }

        @Override
        public String toString() {
            return className + (term == null ? "" : " (" + term + ")");
        }
    }

    private static final Pattern ANNOTATION = Pattern.compile("@MixinType\\s*\\(");
    private static final Pattern TERM = Pattern.compile("\\bterm\\s*=\\s*(\"([^\"]*)\"|([A-Za-z_][\\w.]*))");
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s+(\\w+)\\s*(?:<[^>]*>\\s*)?(?:extends|implements|\\{)");
    private static final Pattern SPI = Pattern.compile(
            "\\bclass\\s+(\\w+)[^{]*\\bimplements\\b[^{]*\\b(Metric|Aggregator|Publisher)\\b");

    private MixinSources() {
    }

    /** @return the mixins whose sources lie under {@code moduleDir/src/main/java} */
    public static List<Found> find(Path moduleDir) throws IOException {
        Path sources = moduleDir.resolve("src").resolve("main").resolve("java");
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(sources)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher a = ANNOTATION.matcher(text);
            if (a.find()) {
                Matcher c = CLASS.matcher(text);
                boolean declared = c.find(a.end());
                String className = declared ? c.group(1) : file.getFileName().toString();
                // The term lies between the annotation and the class it annotates.
                Matcher t = TERM.matcher(text).region(a.end(), declared ? c.start() : text.length());
                String term = t.find() ? (t.group(2) != null ? t.group(2) : constant(file, t.group(3))) : null;
                out.add(new Found(file, className, term));
            } else {
                Matcher spi = SPI.matcher(text);
                if (spi.find()) {
                    out.add(new Found(file, spi.group(1), null));
                }
            }
        }
        return out;
    }

    /** @return the value of a String constant {@code NAME} or {@code Class.NAME} declared beside {@code file} */
    private static String constant(Path file, String reference) throws IOException {
        int dot = reference.lastIndexOf('.');
        String name = reference.substring(dot + 1);
        Path declaring = dot < 0 ? file : file.resolveSibling(reference.substring(0, dot) + ".java");
        if (!Files.exists(declaring)) {
            return null;
        }
        Matcher m = Pattern.compile("\\bString\\s+" + Pattern.quote(name) + "\\s*=\\s*\"([^\"]*)\"")
                .matcher(Files.readString(declaring, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }
}
