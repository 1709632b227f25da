package org.rocmon.catalog.internal.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;

/**
 * Who may upload a bundle and what counts as one: the checks of {@link BundleUploadServlet} without HTTP. Uploads
 * need a caller with the admin role, authenticated by the node's security guard (HTTP Basic or a bearer token).
 */
final class UploadPolicy {

    private static final Set<String> JAR_TYPES = Set.of("application/java-archive", "application/x-java-archive",
            "application/octet-stream", "application/vnd.osgi.bundle", "application/zip");

    private UploadPolicy() {
    }

    /**
     * @param caller the request's {@link Caller#ATTRIBUTE}, or null
     * @throws Problem 401 without an authenticated caller (no security guard installed refuses too), 403 for a
     *         caller without the admin role
     */
    static void authorize(Object caller) throws Problem {
        if (!(caller instanceof Caller) || ((Caller) caller).name == null) {
            throw Problem.of(401, "bundle upload needs an admin: authenticate with HTTP Basic or a bearer token")
                    .header("WWW-Authenticate", "Basic realm=\"rocmon\", Bearer realm=\"rocmon\"");
        }
        if (!((Caller) caller).roles.contains(Caller.ROLE_ADMIN)) {
            throw Problem.of(403, "bundle upload needs the admin role; " + ((Caller) caller).name + " has "
                    + new java.util.TreeSet<>(((Caller) caller).roles));
        }
    }

    /** @return whether the content type is one a jar is sent with */
    static boolean isJarType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String base = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return JAR_TYPES.contains(base);
    }

    /**
     * @param jar the uploaded bytes
     * @return symbolic name (without directives) and version of the bundle
     * @throws IOException saying why it is not a bundle
     */
    static String[] identity(byte[] jar) throws IOException {
        Manifest m;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            m = in.getManifest();
        }
        if (m == null) {
            throw new IOException("the body is not a jar with a META-INF/MANIFEST.MF");
        }
        Attributes a = m.getMainAttributes();
        String bsn = a.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new IOException("the jar is not an OSGi bundle: it has no Bundle-SymbolicName");
        }
        int semi = bsn.indexOf(';');
        String version = a.getValue("Bundle-Version");
        return new String[] {(semi < 0 ? bsn : bsn.substring(0, semi)).trim(),
            version == null ? "0.0.0" : version.trim()};
    }
}
