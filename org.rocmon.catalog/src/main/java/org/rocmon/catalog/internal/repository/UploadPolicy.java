package org.rocmon.catalog.internal.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * Who may upload a bundle and what counts as one: the checks of {@link BundleUploadServlet} without HTTP. Uploads
 * are refused unless an admin token is configured; the token is compared in constant time.
 */
final class UploadPolicy {

    /** Header carrying the admin token (or {@code Authorization: Bearer <token>}). */
    static final String TOKEN_HEADER = "Rocmon-Admin-Token";

    private static final Set<String> JAR_TYPES = Set.of("application/java-archive", "application/x-java-archive",
            "application/octet-stream", "application/vnd.osgi.bundle", "application/zip");

    private final byte[] token;

    /** @param token the configured admin token; blank disables uploads */
    UploadPolicy(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether uploads are enabled at all */
    boolean enabled() {
        return token != null;
    }

    /**
     * @param authorization the Authorization header, or null
     * @param tokenHeader the {@value #TOKEN_HEADER} header, or null
     * @return whether either carries the configured token
     */
    boolean authorized(String authorization, String tokenHeader) {
        if (token == null) {
            return false;
        }
        String given = tokenHeader;
        if (given == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7);
        }
        return given != null && MessageDigest.isEqual(token, given.trim().getBytes(StandardCharsets.UTF_8));
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
