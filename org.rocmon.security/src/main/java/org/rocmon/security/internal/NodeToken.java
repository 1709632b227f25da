package org.rocmon.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment's node credential: one bearer secret shared by the nodes of a deployment, which each node sends to
 * its peers ({@code NodePeerCredentials}) and accepts on its node APIs ({@link SecurityGuard}). It proves that the
 * caller holds the deployment's secret, i.e. is one of its nodes or an operator who copied it; nothing finer (not
 * which node, not which collector).
 *
 * <p>Where it comes from, first match wins: framework property {@value #TOKEN_PROPERTY} (the token itself), framework
 * property {@value #TOKEN_FILE_PROPERTY} (a file holding it), else {@code ${rocmon.data}/security/node.token},
 * generated at first start ({@value #PREFIX} + 256 random bits, mode 600). {@value #PREVIOUS_PROPERTY} (optional)
 * names a token still accepted but no longer sent, for rotation without a flag day. A configured token shorter than
 * {@value #MIN_LENGTH} characters or an unreadable file is refused loudly: the node then has no node credential and
 * its node APIs take admins only (closed, not open). Never logged; compared in constant time.
 */
@Component(service = NodeToken.class)
public final class NodeToken {

    /** Framework property: the node token itself (every node of the deployment gets the same). */
    public static final String TOKEN_PROPERTY = "rocmon.security.nodeToken";
    /** Framework property: a file holding the node token (first line; e.g. another node's node.token). */
    public static final String TOKEN_FILE_PROPERTY = "rocmon.security.nodeTokenFile";
    /** Framework property: a previous node token, still accepted during a rotation, never sent. */
    public static final String PREVIOUS_PROPERTY = "rocmon.security.nodeTokenPrevious";
    static final String FILE = "node.token";
    static final String PREFIX = "rmn_";
    static final int MIN_LENGTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(NodeToken.class);

    /** The token sent, or null when the node has none. */
    private final String token;
    /** SHA-256 of every token accepted (the current one and a previous one). */
    private final List<byte[]> accepted = new ArrayList<>();

    @Activate
    public NodeToken(BundleContext context) {
        this(Accounts.securityFolder(context), context.getProperty(TOKEN_PROPERTY),
                context.getProperty(TOKEN_FILE_PROPERTY), context.getProperty(PREVIOUS_PROPERTY), new SecureRandom());
    }

    /**
     * @param folder the security folder where a generated token lives, or null for memory only
     * @param configured the token, or null
     * @param file a file holding the token, or null
     * @param previous a token still accepted, or null
     */
    NodeToken(Path folder, String configured, String file, String previous, SecureRandom random) {
        String t = null;
        try {
            t = load(folder, blankToNull(configured), blankToNull(file), random);
        } catch (IllegalArgumentException | IOException e) {
            LOG.error("security: no node credential: {}; this node's /sensor and /resource take admins only and "
                    + "its peers will refuse it", e instanceof IOException ? "cannot read it: " + e : e.getMessage());
        }
        this.token = t;
        if (t != null) {
            accepted.add(sha256(t));
        }
        String p = blankToNull(previous);
        if (p != null) {
            if (p.length() < MIN_LENGTH) {
                LOG.error("security: {} is shorter than {} characters; ignored", PREVIOUS_PROPERTY, MIN_LENGTH);
            } else {
                accepted.add(sha256(p));
                LOG.info("security: a previous node token is still accepted ({})", PREVIOUS_PROPERTY);
            }
        }
    }

    private static String load(Path folder, String configured, String file, SecureRandom random)
            throws IOException {
        if (configured != null) {
            LOG.info("security: node token set by {}", TOKEN_PROPERTY);
            return checked(configured, TOKEN_PROPERTY);
        }
        if (file != null) {
            LOG.info("security: node token read from {} ({})", file, TOKEN_FILE_PROPERTY);
            return checked(read(Path.of(file)), TOKEN_FILE_PROPERTY + " " + file);
        }
        if (folder == null) {
            LOG.warn("security: no data folder; the generated node token lives in memory only: set {} so that "
                    + "the nodes of a deployment share one", TOKEN_PROPERTY);
            return PREFIX + new Passwords(1, random).secret(32);
        }
        Path path = folder.resolve(FILE);
        if (Files.exists(path)) {
            return checked(read(path), path.toString());
        }
        String t = PREFIX + new Passwords(1, random).secret(32);
        UserStore.writePrivate(path, (t + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.warn("security: generated this deployment's node token into {} (readable by this user only); give the "
                + "other nodes the same one with -D{}={} or -D{}=<token>", path, TOKEN_FILE_PROPERTY, path,
                TOKEN_PROPERTY);
        return t;
    }

    private static String read(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    private static String checked(String token, String source) {
        String t = token.trim();
        if (t.length() < MIN_LENGTH || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("the node token of " + source + " must be at least " + MIN_LENGTH
                    + " printable characters without spaces (e.g. " + PREFIX + " and 43 random base64url characters)");
        }
        return t;
    }

    /** @return the {@code Authorization} value this node sends to its peers, or null when it has no token */
    public String authorization() {
        return token == null ? null : "Bearer " + token;
    }

    /**
     * @param presented a bearer secret from a request
     * @return whether it is the deployment's node token (or the previous one); constant time in its content
     */
    public boolean matches(String presented) {
        if (presented == null || accepted.isEmpty()) {
            return false;
        }
        byte[] h = sha256(presented);
        boolean ok = false;
        for (byte[] a : accepted) {
            ok |= MessageDigest.isEqual(a, h); // no early exit: every accepted token is compared
        }
        return ok;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
