package org.rocmon.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;

public class AccountsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicLong now = new AtomicLong(1_000_000);

    private Accounts open(Path folder, String adminPassword) throws Exception {
        return new Accounts(folder, adminPassword, 1_000, now::get, new SecureRandom());
    }

    @Test
    public void firstStartGeneratesTheAdminPasswordOnceIntoAPrivateFile() throws Exception {
        Path folder = tmp.getRoot().toPath().resolve("data/security");
        Accounts a = open(folder, null);
        Path file = folder.resolve(Accounts.PASSWORD_FILE);
        assertTrue(Files.isRegularFile(file));
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertEquals(24, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve(UserStore.FILE))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        Caller admin = a.basic("admin", password, "127.0.0.1");
        assertTrue(admin.roles.contains(Caller.ROLE_ADMIN));
        String stored = Files.readString(folder.resolve(UserStore.FILE), StandardCharsets.UTF_8);
        assertFalse("no password in clear in the store", stored.contains(password));

        // a restart keeps the admin and does not generate again
        Accounts again = open(folder, null);
        assertEquals(password, Files.readString(file, StandardCharsets.UTF_8).trim());
        assertEquals("admin", again.basic("admin", password, "127.0.0.1").name);

        // two fresh nodes never share a password
        Path other = tmp.getRoot().toPath().resolve("other/security");
        open(other, null);
        assertFalse(password.equals(Files.readString(other.resolve(Accounts.PASSWORD_FILE)).trim()));
    }

    @Test
    public void aConfiguredPasswordWinsAndNoFileIsWritten() throws Exception {
        Path folder = tmp.getRoot().toPath().resolve("security");
        open(folder, null);
        assertTrue(Files.exists(folder.resolve(Accounts.PASSWORD_FILE)));
        Accounts a = open(folder, "configured-secret");
        assertFalse("the generated file goes once it is wrong", Files.exists(folder.resolve(Accounts.PASSWORD_FILE)));
        assertEquals("admin", a.basic("admin", "configured-secret", "h").name);
        expect(401, () -> a.basic("admin", "configured-secre", "h"));
        assertFalse("no password material of a configured admin is stored", Files.readString(
                folder.resolve(UserStore.FILE), StandardCharsets.UTF_8).contains("pbkdf2"));
        expect(409, () -> a.setPassword("admin", "another-secret"));

        // without the configuration any more, the node generates a password again
        Accounts b = open(folder, null);
        String generated = Files.readString(folder.resolve(Accounts.PASSWORD_FILE), StandardCharsets.UTF_8).trim();
        assertEquals("admin", b.basic("admin", generated, "h").name);
        expect(401, () -> b.basic("admin", "configured-secret", "h2"));
    }

    @Test
    public void usersAndTokensSurviveAReload() throws Exception {
        Path folder = tmp.getRoot().toPath().resolve("security");
        Accounts a = open(folder, "admin-secret");
        Caller admin = a.basic("admin", "admin-secret", "h");
        a.create("alice", "alice-secret", false);
        Caller alice = a.basic("alice", "alice-secret", "h");
        assertEquals(java.util.Set.of(Caller.ROLE_USER), alice.roles);
        Accounts.Issued t = a.issue(alice, "ci");
        assertTrue(t.secret.startsWith("rmt_"));
        String stored = Files.readString(folder.resolve(UserStore.FILE), StandardCharsets.UTF_8);
        assertFalse("no token in clear", stored.contains(t.secret));
        assertFalse(stored.contains("alice-secret"));

        Accounts b = open(folder, "admin-secret");
        Caller viaToken = b.bearer(t.secret);
        assertEquals("alice", viaToken.name);
        assertEquals(Caller.BEARER, viaToken.authentication);
        assertEquals(t.token.id, viaToken.tokenId);

        // only the owner (or an admin) revokes; another user sees 404
        b.create("bob", "bob-secret-1", false);
        Caller bob = b.basic("bob", "bob-secret-1", "h");
        expect(404, () -> b.revoke(bob, t.token.id));
        b.revoke(viaToken, t.token.id);
        expect(401, () -> b.bearer(t.secret));
        expect(401, () -> open(folder, "admin-secret").bearer(t.secret));

        // deleting a user takes their tokens along
        Accounts.Issued bt = b.issue(bob, null);
        b.delete(admin, "bob");
        expect(401, () -> b.bearer(bt.secret));
        expect(401, () -> b.basic("bob", "bob-secret-1", "h"));
        assertNull(open(folder, "admin-secret").user("bob"));
    }

    @Test
    public void refusesBadUsersAndPasswords() throws Exception {
        Accounts a = open(null, "admin-secret");
        Caller admin = a.basic("admin", "admin-secret", "h");
        expect(400, () -> a.create("no:colon", "long-enough", false));
        expect(400, () -> a.create("short", "1234567", false));
        a.create("carol", "carol-secret", true);
        assertTrue(a.basic("carol", "carol-secret", "h").roles.contains(Caller.ROLE_ADMIN));
        expect(409, () -> a.create("carol", "carol-secret", false));
        expect(409, () -> a.delete(admin, "admin"));
        expect(404, () -> a.delete(admin, "nobody"));
    }

    @Test
    public void aChangedPasswordReplacesTheOldAtOnce() throws Exception {
        Accounts a = open(null, "admin-secret");
        a.create("dave", "dave-secret", false);
        assertNotNull(a.basic("dave", "dave-secret", "h"));
        a.setPassword("dave", "dave-secret-2");
        expect(401, () -> a.basic("dave", "dave-secret", "h"));
        assertEquals("dave", a.basic("dave", "dave-secret-2", "h").name);
    }

    @Test
    public void failuresLockThatUserFromThatAddressWithRetryAfter() throws Exception {
        Accounts a = open(null, "admin-secret");
        for (int i = 0; i < Backoff.FREE; i++) {
            expect(401, () -> a.basic("admin", "guess", "10.0.0.1"));
        }
        expect(401, () -> a.basic("admin", "guess", "10.0.0.1"));
        Problem locked = expect(429, () -> a.basic("admin", "admin-secret", "10.0.0.1"));
        assertEquals("1", locked.headers().get("Retry-After"));
        assertEquals("another address is not locked", "admin", a.basic("admin", "admin-secret", "10.0.0.2").name);
        now.addAndGet(1_001);
        assertEquals("admin", a.basic("admin", "admin-secret", "10.0.0.1").name);
        expect(401, () -> a.basic("admin", "guess", "10.0.0.1"));
    }

    interface Call {
        void run() throws Exception;
    }

    static Problem expect(int status, Call call) throws Exception {
        try {
            call.run();
        } catch (Problem p) {
            assertEquals(p.detail(), status, p.status());
            return p;
        }
        fail("expected " + status);
        return null;
    }
}
