package org.rocmon.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Test;

public class PasswordsTest {

    @Test
    public void hashesAreSaltedAndVerify() {
        Passwords p = new Passwords(1_000, new SecureRandom());
        String a = p.hash("correct horse");
        String b = p.hash("correct horse");
        assertNotEquals("a fresh salt each time", a, b);
        assertTrue(a.startsWith("pbkdf2-sha256$1000$"));
        assertFalse(a.contains("correct horse"));
        assertTrue(Passwords.verify("correct horse", a));
        assertTrue(Passwords.verify("correct horse", b));
        assertFalse(Passwords.verify("correct hors", a));
        assertFalse(Passwords.verify("Correct horse", a));
        assertFalse(Passwords.verify(null, a));
    }

    @Test
    public void theDefaultCostIsOwaspsFigureAndOldCostsStillVerify() {
        assertEquals(600_000, Passwords.DEFAULT_ITERATIONS);
        String old = new Passwords(2_000, new SecureRandom()).hash("pw");
        assertTrue("the count travels with the hash", Passwords.verify("pw", old));
        String full = new Passwords(Passwords.DEFAULT_ITERATIONS, new SecureRandom()).hash("pw");
        assertTrue(full.startsWith("pbkdf2-sha256$600000$"));
        assertTrue(Passwords.verify("pw", full));
    }

    @Test
    public void malformedHashesNeverVerify() {
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$AAAA$AAAA",
                "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$10$!!$AAAA"}) {
            assertFalse(bad, Passwords.verify("pw", bad));
        }
    }

    @Test
    public void tokensAreStoredAsSha256() {
        assertEquals("LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=", Passwords.tokenHash("foo"));
        String s = new Passwords(1, new SecureRandom()).secret(32);
        assertEquals(43, s.length());
        assertTrue(s.matches("[A-Za-z0-9_-]+"));
    }
}
