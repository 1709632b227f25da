package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * No source file, main or test, in any module of the checkout (bundles, testkit, bench, run) imports another
 * bundle's {@code .internal} package: what others need is exported API. A file may import the {@code .internal} packages of its
 * own root package only.
 */
public class NoInternalImportsTest {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^\\s*import\\s+(?:static\\s+)?(org\\.rocmon\\.[\\w.]*?)\\.internal(?:\\.[\\w.*]+)?\\s*;", Pattern.MULTILINE);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void noModuleImportsAnotherBundlesInternals() {
        // The testkit module sits at the repository root.
        Path root = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        assertTrue(root + " is not the checkout", Files.isRegularFile(root.resolve("pom.xml")));
        List<String> bad = violations(root);
        assertEquals("imports of another bundle's internal package:\n" + String.join("\n", bad), List.of(), bad);
    }

    @Test
    public void theCheckFindsAForeignInternalImport() throws IOException {
        Path root = temp.getRoot().toPath();
        write(root.resolve("a/src/main/java/org/rocmon/a/internal/A.java"),
                "package org.rocmon.a.internal;\nimport org.rocmon.a.internal.sub.Own;\nclass A {}\n");
        write(root.resolve("b/src/test/java/org/rocmon/b/internal/B.java"),
                "package org.rocmon.b.internal;\nimport static org.rocmon.a.internal.A.x;\nclass B {}\n");
        write(root.resolve("c/src/main/java/org/rocmon/c/C.java"),
                "package org.rocmon.c;\nimport org.rocmon.a.internal.A;\nimport org.rocmon.api.mixin.Metric;\nclass C {}\n");
        List<String> bad = violations(root);
        assertEquals(bad.toString(), 2, bad.size());
        assertTrue(bad.get(0), bad.get(0).contains("org.rocmon.a.internal"));
    }

    /**
     * @param root a checkout
     * @return "file: import" for each import of another root package's internals, in files under any {@code src}
     */
    static List<String> violations(Path root) {
        List<String> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return name.equals("target") || name.startsWith(".") && !dir.equals(root)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = root.relativize(file).toString().replace('\\', '/');
                    if (rel.endsWith(".java") && rel.matches("(.*/)?src/.*")) {
                        check(root, file, out);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static void check(Path root, Path file, List<String> out) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pm = PACKAGE.matcher(text);
        String own = pm.find() ? pm.group(1) : "";
        Matcher im = IMPORT.matcher(text);
        while (im.find()) {
            String owner = im.group(1);
            if (!own.equals(owner) && !own.startsWith(owner + ".")) {
                out.add(root.relativize(file) + ": " + im.group().trim());
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
