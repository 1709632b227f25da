package org.rocmon.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fixture folders of the module under test: {@code src/test/resources/testcases/<Term>/<case>/}. */
public final class Fixtures {

    /** The testcases folder of the module under test. */
    public static final Path TESTCASES = testcases(Paths.get(System.getProperty("basedir", ".")));

    private Fixtures() {
    }

    /** @return the testcases folder of the module at {@code moduleDir} */
    public static Path testcases(Path moduleDir) {
        return moduleDir.resolve("src").resolve("test").resolve("resources").resolve("testcases");
    }

    /** @return the case folders of one mixin, sorted by name */
    public static List<Path> cases(String term) throws IOException {
        try (Stream<Path> s = Files.list(TESTCASES.resolve(term))) {
            return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    /** @return the lines of a fixture file, trimmed, without blank lines and {@code #} comments */
    public static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** Replaces each {@code ${name}} of the text by its value (ports and folders known only at run time). */
    public static String expand(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue());
        }
        return out;
    }
}
