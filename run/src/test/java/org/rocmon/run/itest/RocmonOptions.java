package org.rocmon.run.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.ops4j.pax.exam.Option;

/**
 * The one Pax Exam configuration every Rocmon integration test uses: it boots exactly the bundle set of the
 * runtime, read from the exported {@code run/target/rocmon.jar} (its {@code launcher.properties} lists the
 * resolved {@code -runbundles} with their start levels), with the Rocmon bundles taken from their reactor
 * {@code target/} folders, the runtime's framework properties, a fresh data folder and a free loopback port.
 *
 * <p>These in-process nodes run with the <b>development switch {@code rocmon.tls=off}</b> (plain HTTP and WS on
 * 127.0.0.1, docs/security.md): the probe's test code and Pax Exam's own clients talk to them without the node's
 * CA, and what they test is not transport security. TLS itself, and every test of nodes talking to each other,
 * runs over HTTPS/WSS in the multi-process tests ({@link MultiNode}, {@link NodeProcess}, {@code TlsIT}).
 *
 * <p>Runs in the driver JVM only. Test methods run inside the probe bundle, where statics are fresh: they read
 * the port and data folder back with {@code bundleContext.getProperty} ({@link #HTTP_PORT}, {@link #DATA}).
 */
public final class RocmonOptions {

    /** Framework property: the node's HTTP port. */
    public static final String HTTP_PORT = "org.osgi.service.http.port";
    /** Framework property: the node's data folder. */
    public static final String DATA = "rocmon.data";
    /** Folders besides the data folder where mixins may write files (NodeProperties.FILE_FOLDERS). */
    public static final String FILE_FOLDERS = "rocmon.files.folders";
    /** Framework property: the admin password (org.rocmon.security); set for every test node. */
    public static final String ADMIN_PASSWORD_PROPERTY = "rocmon.security.adminPassword";
    /** The admin password of test nodes (in process and {@link NodeProcess}), sent by {@link Node} to /occi etc. */
    public static final String ADMIN_PASSWORD = "itest-admin-password";
    /** Framework property: the deployment's node token (org.rocmon.security); set for every test node. */
    public static final String NODE_TOKEN_PROPERTY = "rocmon.security.nodeToken";
    /**
     * The node token every test node shares (in process and the {@link NodeProcess}es of one {@link MultiNode}),
     * sent by {@link Node} on the node APIs, as the nodes of one deployment send it to each other.
     */
    public static final String NODE_TOKEN = "rmn_itest-node-token-0123456789abcdefghijklmnopq";

    // Pax Exam keeps its own bundles at start levels 1-3 and installs the probe at 5; ours start above that.
    private static final int LEVEL_OFFSET = 5;
    private static final Pattern START_LEVEL = Pattern.compile("startlevel=(\\d+)");

    private RocmonOptions() {
    }

    /** @return the options of one Rocmon node */
    public static Option[] node() {
        try {
            Path runtimeJar = Path.of(System.getProperty("rocmon.runtime.jar", "target/rocmon.jar")).toAbsolutePath();
            Path root = Path.of(System.getProperty("rocmon.root", "..")).toAbsolutePath().normalize();
            Path work = Path.of(System.getProperty("rocmon.itest.dir", "target/itest")).toAbsolutePath();
            if (!Files.isRegularFile(runtimeJar)) {
                throw new IllegalStateException(runtimeJar + " is missing: the package phase exports it first");
            }
            Files.createDirectories(work);
            List<Option> options = new ArrayList<>();
            Properties launcher = launcherProperties(runtimeJar);
            int top = addBundles(options, runtimeJar, launcher, root, work.resolve("bundles"));

            for (String key : launcher.stringPropertyNames()) {
                if (!key.startsWith("launch.") && !key.startsWith("org.osgi.framework.storage")
                        && !key.equals("org.osgi.framework.startlevel.beginning")) {
                    options.add(frameworkProperty(key).value(launcher.getProperty(key)));
                }
            }
            Path data = Files.createTempDirectory(work, "data-");
            Files.createDirectories(data.resolve("deploy"));
            options.add(frameworkProperty(HTTP_PORT).value(Integer.toString(freePort())));
            options.add(frameworkProperty(DATA).value(data.toString()));
            options.add(frameworkProperty(ADMIN_PASSWORD_PROPERTY).value(ADMIN_PASSWORD));
            options.add(frameworkProperty(NODE_TOKEN_PROPERTY).value(NODE_TOKEN));
            options.add(frameworkProperty("felix.fileinstall.dir").value(data.resolve("deploy").toString()));
            options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
            options.add(frameworkProperty(Node.TLS_PROPERTY).value("off")); // see the class comment
            options.add(frameworkProperty("org.apache.felix.jetty.websocket.enable").value("true"));
            // Gogo would stop the framework when it finds no terminal.
            options.add(frameworkProperty("gosh.args").value("--nointeractive"));
            options.add(frameworkStartLevel(top + 1));
            options.add(junitBundles());
            options.add(cleanCaches(true));
            options.add(systemTimeout(60_000));
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One node as {@link #node()}, but without the runtime bundles whose jar names start with one of
     * {@code left out} (e.g. a mixin the test wants installed on demand), and reading the mixin repositories
     * {@code run/target/mixins} and {@code run/target/fixtures} (absolute paths).
     *
     * @param leftOut jar name prefixes, e.g. {@code org.rocmon.mixins.aggregator.ewma-}
     * @return the options
     */
    public static Option[] nodeWithout(String... leftOut) {
        Path target = Path.of(System.getProperty("rocmon.runtime.jar", "target/rocmon.jar")).toAbsolutePath()
                .getParent();
        String repositories = target.resolve("mixins/index.xml") + "," + target.resolve("fixtures/index.xml");
        List<Option> options = new ArrayList<>();
        for (Option o : node()) {
            if (o instanceof org.ops4j.pax.exam.options.ProvisionOption) {
                String url = ((org.ops4j.pax.exam.options.ProvisionOption<?>) o).getURL();
                String name = url.substring(url.lastIndexOf('/') + 1);
                boolean drop = false;
                for (String prefix : leftOut) {
                    drop |= name.startsWith(prefix);
                }
                if (drop) {
                    continue;
                }
            }
            if (o instanceof org.ops4j.pax.exam.options.FrameworkPropertyOption
                    && REPOSITORIES.equals(((org.ops4j.pax.exam.options.FrameworkPropertyOption) o).getKey())) {
                continue;
            }
            options.add(o);
        }
        options.add(frameworkProperty(REPOSITORIES).value(repositories));
        return options.toArray(new Option[0]);
    }

    /** Framework property: the mixin repository indexes. */
    public static final String REPOSITORIES = "rocmon.repositories";

    private static Properties launcherProperties(Path runtimeJar) throws IOException {
        try (ZipFile zip = new ZipFile(runtimeJar.toFile())) {
            ZipEntry entry = zip.getEntry("launcher.properties");
            if (entry == null) {
                throw new IllegalStateException(runtimeJar + " has no launcher.properties");
            }
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(in);
            }
            return p;
        }
    }

    /** Adds the runtime's bundles in their start order; returns the highest start level used. */
    private static int addBundles(List<Option> options, Path runtimeJar, Properties launcher, Path root,
            Path extractTo) throws IOException {
        String[] paths = launcher.getProperty("launch.bundles", "").split(",");
        String[] attrs = launcher.getProperty("launch.runbundles.attrs", "").split(",");
        Files.createDirectories(extractTo);
        int top = LEVEL_OFFSET;
        try (ZipFile zip = new ZipFile(runtimeJar.toFile())) {
            for (int i = 0; i < paths.length; i++) {
                String path = paths[i].trim();
                if (path.isEmpty()) {
                    continue;
                }
                int level = i + 1;
                if (attrs.length == paths.length) {
                    Matcher m = START_LEVEL.matcher(attrs[i]);
                    if (m.find()) {
                        level = Integer.parseInt(m.group(1));
                    }
                }
                String name = path.substring(path.lastIndexOf('/') + 1);
                Path file = name.startsWith("org.rocmon.") ? reactorJar(root, name) : null;
                if (file == null) {
                    file = extractTo.resolve(name);
                    ZipEntry entry = zip.getEntry(path);
                    if (entry == null) {
                        throw new IllegalStateException(runtimeJar + " lacks " + path);
                    }
                    if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                // SLF4J binds its provider once, when first used, and Pax Exam's own bundles (level 2) log through
                // slf4j.api (it also exports org.slf4j 1.7): SPI Fly and slf4j-simple must be up before them.
                int startLevel = isLogging(name) ? 1 : LEVEL_OFFSET + level;
                top = Math.max(top, startLevel);
                options.add(bundle(file.toUri().toString()).startLevel(startLevel).start());
            }
        }
        return top;
    }

    private static boolean isLogging(String jarName) {
        return jarName.startsWith("slf4j-") || jarName.startsWith("asm-")
                || jarName.startsWith("org.apache.aries.spifly");
    }

    /** The reactor's own build of a Rocmon bundle ({@code <module>/target/<name>}), fresher than the export's copy. */
    private static Path reactorJar(Path root, String name) throws IOException {
        try (Stream<Path> found = Files.find(root, 4, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals(name) && p.getParent().getFileName().toString().equals("target")
                && !p.startsWith(root.resolve("run")))) {
            return found.findFirst().orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
