package org.rocmon.security.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;

/**
 * The node's users and bearer tokens: authenticates HTTP Basic and bearer credentials, issues and revokes tokens,
 * creates and removes users. Keeps them in {@code ${rocmon.data}/security/users.json} ({@link UserStore}).
 *
 * <p>At first start, with no admin password configured, it generates one (SecureRandom, 24 characters), writes it
 * once to {@code ${rocmon.data}/security/admin.password} (mode 600) and logs where it is. A configured password
 * (framework property {@value #ADMIN_PASSWORD_PROPERTY} or the {@code adminPassword} of PID {@value #PID}) is the
 * admin's password instead, and no file is written: it is compared with the configuration (SHA-256, constant time),
 * since it is in the configuration anyway, and the store keeps no password material for it. Without it at a later
 * start, a password is generated again. (No slow hash on the start thread: it delayed a node's start by seconds.)
 *
 * <p>A verified Basic credential is remembered for {@link #CACHE_MS} (as an HMAC under a per-process key, never in
 * clear), so that a client sending Basic on every request pays the slow hash once, not per request.
 */
@Component(service = Accounts.class, configurationPid = Accounts.PID)
@Designate(ocd = Accounts.Config.class)
public final class Accounts {

    static final String PID = "org.rocmon.security";
    /** Framework property: the admin password, for tests and operators who set it themselves. */
    public static final String ADMIN_PASSWORD_PROPERTY = "rocmon.security.adminPassword";
    static final String ADMIN = "admin";
    static final String PASSWORD_FILE = "admin.password";
    static final String CHALLENGE = "Basic realm=\"rocmon\", Bearer realm=\"rocmon\"";
    /** The stored "hash" of an admin whose password comes from the configuration: no password material. */
    static final String CONFIGURED = "configured";
    static final long CACHE_MS = 5 * 60_000;
    static final int MIN_PASSWORD = 8;
    private static final int MAX_CACHE = 1_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    /** Configuration (PID {@value #PID}). */
    @ObjectClassDefinition(name = "Rocmon security", description = "Users, roles and bearer tokens of the node")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Admin password set at every start; "
                + "empty: framework property " + ADMIN_PASSWORD_PROPERTY + "; neither: generated once at first start "
                + "into ${rocmon.data}/security/admin.password")
        String adminPassword() default "";

        @AttributeDefinition(description = "PBKDF2-HMAC-SHA256 iterations of new password hashes")
        int iterations() default Passwords.DEFAULT_ITERATIONS;

        @AttributeDefinition(description = "Requests per second each user may make (token bucket, any API); "
                + "0: unlimited. The node credential is not limited")
        double rateLimit() default 50;

        @AttributeDefinition(description = "Requests a user may make at once after being idle (bucket size)")
        int rateBurst() default 200;
    }

    /** A token just issued: the only time its secret is known. */
    static final class Issued {
        final UserStore.Token token;
        final String secret;

        Issued(UserStore.Token token, String secret) {
            this.token = token;
            this.secret = secret;
        }
    }

    private static final class Verified {
        final String user;
        final long generation;
        final long expires;

        Verified(String user, long generation, long expires) {
            this.user = user;
            this.generation = generation;
            this.expires = expires;
        }
    }

    private final UserStore store;
    private volatile Passwords passwords;
    private final SecureRandom random;
    private final Backoff backoff;
    private final LongSupplier clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec cacheKey;
    /** SHA-256 of the configured admin password, or null when none is configured. */
    private volatile byte[] configuredAdmin;

    @Activate
    public Accounts(BundleContext context, Config config) throws IOException {
        this(securityFolder(context), configuredPassword(config.adminPassword(), context),
                Math.max(1, config.iterations()), System::currentTimeMillis, new SecureRandom());
    }

    /**
     * @param folder the security folder ({@code users.json}, {@code admin.password}), or null for memory only
     * @param adminPassword the configured admin password, or null/blank to generate one at first start
     * @param iterations PBKDF2 iterations of new hashes
     * @param clock milliseconds
     * @param random the source of salts, passwords and tokens
     */
    Accounts(Path folder, String adminPassword, int iterations, LongSupplier clock, SecureRandom random)
            throws IOException {
        this.store = new UserStore(folder);
        this.passwords = new Passwords(iterations, random);
        this.random = random;
        this.backoff = new Backoff(clock);
        this.clock = clock;
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        if (folder != null) {
            UserStore.createPrivateFolder(folder);
        }
        store.load();
        firstAdmin(adminPassword);
    }

    /**
     * A change of PID {@value #PID} applies in place: reactivating would drop the guard that depends on this
     * component, and with it every check, for as long as that takes.
     */
    @Modified
    void modified(BundleContext context, Config config) throws IOException {
        passwords = new Passwords(Math.max(1, config.iterations()), random);
        firstAdmin(configuredPassword(config.adminPassword(), context));
        verified.clear();
    }

    private void firstAdmin(String configured) throws IOException {
        UserStore.User admin = store.user(ADMIN);
        Path file = store.folder() == null ? null : store.folder().resolve(PASSWORD_FILE);
        if (configured != null && !configured.isEmpty()) {
            // The configured password is in the configuration anyway: it is compared (constant time) with that,
            // not hashed slowly on the start thread, and the store keeps no password material for it.
            configuredAdmin = sha256(configured);
            if (admin == null || !CONFIGURED.equals(admin.hash) || !admin.roles.contains(Caller.ROLE_ADMIN)) {
                store.put(new UserStore.User(ADMIN, CONFIGURED, Set.of(Caller.ROLE_ADMIN, Caller.ROLE_USER),
                        admin == null ? clock.getAsLong() : admin.created));
            }
            if (file != null && Files.deleteIfExists(file)) {
                LOG.info("security: the admin password is configured; removed the generated one at {}", file);
            }
            LOG.info("security: admin password set by configuration");
            return;
        }
        if (admin != null && !CONFIGURED.equals(admin.hash)) {
            return;
        }
        // first start, or the configured password is gone: a new one, written once for the operator
        String password = passwords.secret(18);
        store.put(new UserStore.User(ADMIN, passwords.hash(password), Set.of(Caller.ROLE_ADMIN, Caller.ROLE_USER),
                admin == null ? clock.getAsLong() : admin.created));
        if (file == null) {
            LOG.warn("security: no data folder; the generated admin password lives in memory only and is lost at "
                    + "restart; set {} to choose one", ADMIN_PASSWORD_PROPERTY);
            return;
        }
        UserStore.writePrivate(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.warn("security: generated the password of user 'admin' into {} (readable by this user only); log in "
                + "with: curl -u admin:$(cat {}) ... ; change it with PUT /auth/users/admin", file, file);
    }

    /** Whether the password is the user's: the configured admin password, or the stored slow hash. */
    private boolean matches(UserStore.User u, String password) {
        if (u != null && CONFIGURED.equals(u.hash)) {
            byte[] expected = configuredAdmin;
            return expected != null && MessageDigest.isEqual(expected, sha256(password));
        }
        // A missing user costs the same slow hash as a wrong password, so timing tells no names.
        return Passwords.verify(password, u == null ? Dummy.HASH : u.hash) && u != null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A hash nobody's password matches, with the default cost; made when first needed, not at start. */
    private static final class Dummy {
        static final String HASH = new Passwords(Passwords.DEFAULT_ITERATIONS, new SecureRandom())
                .hash("not a password: " + System.nanoTime());
    }

    // ---- authentication

    /**
     * @param address the client address, for the back-off
     * @return the caller
     * @throws Problem 401 for a wrong user or password, 429 while that user is locked from that address
     */
    Caller basic(String user, String password, String address) throws Problem {
        long locked = backoff.lockedFor(user, address);
        if (locked > 0) {
            throw Problem.of(429, "too many failed logins for " + user + " from " + address + "; try again later")
                    .header("Retry-After", Long.toString((locked + 999) / 1000));
        }
        String key = cacheKey(user, password);
        Verified v = verified.get(key);
        long now = clock.getAsLong();
        UserStore.User u = store.user(user);
        if (v != null && v.generation == store.generation() && v.expires > now && u != null) {
            return caller(u, Caller.BASIC, null);
        }
        boolean ok = matches(u, password);
        if (!ok) {
            int n = backoff.failed(user, address);
            LOG.warn("security: failed login for '{}' from {} ({} in a row)", printable(user), address, n);
            throw unauthorized("wrong user name or password");
        }
        backoff.succeeded(user, address);
        if (verified.size() >= MAX_CACHE) {
            verified.clear();
        }
        verified.put(key, new Verified(user, store.generation(), now + CACHE_MS));
        return caller(u, Caller.BASIC, null);
    }

    /** @throws Problem 401 for a token that was never issued or was revoked */
    Caller bearer(String token) throws Problem {
        UserStore.Token t = token == null || token.isEmpty() ? null : store.tokenByHash(Passwords.tokenHash(token));
        UserStore.User u = t == null ? null : store.user(t.user);
        if (u == null) {
            LOG.warn("security: a request with an unknown or revoked bearer token");
            throw unauthorized("unknown or revoked bearer token");
        }
        return caller(u, Caller.BEARER, t.id);
    }

    static Problem unauthorized(String detail) {
        return Problem.of(401, detail).header("WWW-Authenticate", CHALLENGE);
    }

    private static Caller caller(UserStore.User u, String how, String tokenId) {
        Caller c = new Caller();
        c.name = u.name;
        Set<String> roles = new LinkedHashSet<>(u.roles);
        roles.add(Caller.ROLE_USER);
        c.roles = Set.copyOf(roles);
        c.authentication = how;
        c.tokenId = tokenId;
        return c;
    }

    static boolean isAdmin(Caller c) {
        return c != null && c.roles.contains(Caller.ROLE_ADMIN);
    }

    // ---- tokens

    Issued issue(Caller caller, String label) throws Problem {
        String secret = "rmt_" + passwords.secret(32);
        UserStore.Token t = new UserStore.Token(passwords.secret(9), caller.name, Passwords.tokenHash(secret), label,
                clock.getAsLong());
        try {
            store.add(t);
        } catch (IOException e) {
            throw storeFailed(e);
        }
        LOG.info("security: issued token {} to {}", t.id, caller.name);
        return new Issued(t, secret);
    }

    /** @return the caller's tokens, or everyone's for an admin */
    List<UserStore.Token> tokens(Caller caller) {
        if (!isAdmin(caller)) {
            return store.tokensOf(caller.name);
        }
        List<UserStore.Token> all = new ArrayList<>();
        for (UserStore.User u : store.users()) {
            all.addAll(store.tokensOf(u.name));
        }
        return all;
    }

    /** Revokes one of the caller's tokens (any token for an admin); another's answers 404 like a missing one. */
    void revoke(Caller caller, String id) throws Problem {
        UserStore.Token t = store.token(id);
        if (t == null || (!t.user.equals(caller.name) && !isAdmin(caller))) {
            throw Problem.notFound("no token " + id);
        }
        try {
            store.revoke(id);
        } catch (IOException e) {
            throw storeFailed(e);
        }
        LOG.info("security: {} revoked token {} of {}", caller.name, id, t.user);
    }

    // ---- users

    List<UserStore.User> users() {
        return store.users();
    }

    UserStore.User user(String name) {
        return store.user(name);
    }

    UserStore.User create(String name, String password, boolean admin) throws Problem {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Problem.badRequest("a user name matches [A-Za-z0-9._-]{1,64}", "name");
        }
        checkPassword(password);
        if (store.user(name) != null) {
            throw new Problem(409, "user " + name + " exists", "name");
        }
        Set<String> roles = admin ? Set.of(Caller.ROLE_ADMIN, Caller.ROLE_USER) : Set.of(Caller.ROLE_USER);
        UserStore.User u = new UserStore.User(name, passwords.hash(password), roles, clock.getAsLong());
        try {
            store.put(u);
        } catch (IOException e) {
            throw storeFailed(e);
        }
        LOG.info("security: created user {} with roles {}", name, roles);
        return u;
    }

    /** Sets a password; the admin's generated password file goes, since it no longer holds the password. */
    void setPassword(String name, String password) throws Problem {
        checkPassword(password);
        UserStore.User old = store.user(name);
        if (old == null) {
            throw Problem.notFound("no user " + name);
        }
        if (CONFIGURED.equals(old.hash)) {
            throw new Problem(409, "the admin password is set by configuration (" + ADMIN_PASSWORD_PROPERTY
                    + " or PID " + PID + "); change it there", "password");
        }
        try {
            store.put(new UserStore.User(name, passwords.hash(password), old.roles, old.created));
            if (ADMIN.equals(name) && store.folder() != null) {
                Files.deleteIfExists(store.folder().resolve(PASSWORD_FILE));
            }
        } catch (IOException e) {
            throw storeFailed(e);
        }
        verified.clear();
        LOG.info("security: changed the password of {}", name);
    }

    void delete(Caller caller, String name) throws Problem {
        if (name.equals(caller.name)) {
            throw new Problem(409, "you cannot delete yourself", "name");
        }
        try {
            if (!store.remove(name)) {
                throw Problem.notFound("no user " + name);
            }
        } catch (IOException e) {
            throw storeFailed(e);
        }
        verified.clear();
        LOG.info("security: {} deleted user {} and their tokens", caller.name, name);
    }

    private static void checkPassword(String password) throws Problem {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw Problem.badRequest("a password has at least " + MIN_PASSWORD + " characters", "password");
        }
        if (password.length() > 1024) {
            throw Problem.badRequest("a password has at most 1024 characters", "password");
        }
    }

    private static Problem storeFailed(IOException e) {
        LOG.error("security: cannot update the user store: {}", e.toString());
        return Problem.of(503, "cannot update the user store; see the node's log");
    }

    private String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((user + "\u0000" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String configuredPassword(String fromConfig, BundleContext context) {
        if (fromConfig != null && !fromConfig.isEmpty()) {
            return fromConfig;
        }
        return context.getProperty(ADMIN_PASSWORD_PROPERTY);
    }

    static Path securityFolder(BundleContext context) {
        String configured = context.getProperty(NodeProperties.DATA);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim()).toAbsolutePath().resolve("security");
        }
        File area = context.getDataFile("security");
        if (area == null) {
            LOG.warn("security: no {} property and no bundle data area: users and tokens will not survive a restart",
                    NodeProperties.DATA);
            return null;
        }
        return area.toPath();
    }
}
