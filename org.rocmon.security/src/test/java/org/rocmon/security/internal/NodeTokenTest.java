package org.rocmon.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeTokenTest {

    private static final String TOKEN = "rmn_configured-node-token-0123456789abcdef";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void generatedAtFirstStartIntoA600FileAndKeptAcrossRestarts() throws Exception {
        Path folder = temp.getRoot().toPath().resolve("security");
        NodeToken first = new NodeToken(folder, null, null, null, new SecureRandom());
        Path file = folder.resolve(NodeToken.FILE);
        String written = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertTrue(written, written.matches("rmn_[A-Za-z0-9_-]{43}")); // 256 bits, base64url
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("Bearer " + written, first.authorization());
        assertTrue(first.matches(written));
        NodeToken again = new NodeToken(folder, null, null, null, new SecureRandom());
        assertEquals(first.authorization(), again.authorization());
        NodeToken other = new NodeToken(temp.newFolder("other").toPath(), null, null, null, new SecureRandom());
        assertNotEquals("another deployment", first.authorization(), other.authorization());
        assertFalse(other.matches(written));
    }

    @Test
    public void aConfiguredTokenWinsAndNoFileIsWritten() throws Exception {
        Path folder = temp.getRoot().toPath();
        NodeToken t = new NodeToken(folder, "  " + TOKEN + " ", null, null, new SecureRandom());
        assertEquals("Bearer " + TOKEN, t.authorization());
        assertTrue(t.matches(TOKEN));
        assertFalse(t.matches(TOKEN + "x"));
        assertFalse(t.matches(TOKEN.substring(1)));
        assertFalse(t.matches(""));
        assertFalse(t.matches(null));
        assertFalse(Files.exists(folder.resolve(NodeToken.FILE)));
    }

    @Test
    public void aTokenFileIsReadAsAnotherNodeWroteIt() throws Exception {
        Path file = temp.newFile("copied.token").toPath();
        Files.writeString(file, TOKEN + "\n");
        NodeToken t = new NodeToken(temp.getRoot().toPath(), null, file.toString(), null, new SecureRandom());
        assertTrue(t.matches(TOKEN));
        assertEquals("Bearer " + TOKEN, t.authorization());
    }

    @Test
    public void aBadConfigurationLeavesTheNodeWithoutCredentialClosedNotOpen() throws Exception {
        for (NodeToken t : new NodeToken[] {
            new NodeToken(temp.getRoot().toPath(), "short", null, null, new SecureRandom()),
            new NodeToken(temp.getRoot().toPath(), "rmn_with a space in it 0123456789abcdef", null, null,
                    new SecureRandom()),
            new NodeToken(temp.getRoot().toPath(), null, temp.getRoot().toPath().resolve("missing").toString(),
                    null, new SecureRandom())}) {
            assertNull(t.authorization());
            assertFalse(t.matches("short"));
            assertFalse(t.matches(""));
        }
        assertFalse("nothing generated instead", Files.exists(temp.getRoot().toPath().resolve(NodeToken.FILE)));
    }

    @Test
    public void aPreviousTokenIsAcceptedButNotSentDuringARotation() {
        String old = "rmn_old-node-token-0123456789abcdefghijklmn";
        NodeToken t = new NodeToken(null, TOKEN, null, old, new SecureRandom());
        assertTrue(t.matches(TOKEN));
        assertTrue(t.matches(old));
        assertEquals("Bearer " + TOKEN, t.authorization());
        assertFalse(new NodeToken(null, TOKEN, null, "too-short", new SecureRandom()).matches("too-short"));
    }
}
