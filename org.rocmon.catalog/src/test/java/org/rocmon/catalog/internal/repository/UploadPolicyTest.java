package org.rocmon.catalog.internal.repository;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;

public class UploadPolicyTest {

    @Test
    public void refusesEverythingWithoutAConfiguredToken() {
        for (String none : new String[] {null, "", "   "}) {
            UploadPolicy p = new UploadPolicy(none);
            assertFalse(p.enabled());
            assertFalse(p.authorized("Bearer ", ""));
            assertFalse(p.authorized(null, null));
        }
    }

    @Test
    public void acceptsTheTokenInEitherHeaderOnly() {
        UploadPolicy p = new UploadPolicy("s3cret");
        assertTrue(p.authorized("Bearer s3cret", null));
        assertTrue(p.authorized("bearer s3cret", null));
        assertTrue(p.authorized(null, "s3cret"));
        assertFalse(p.authorized("Bearer s3cre", null));
        assertFalse(p.authorized("Basic s3cret", null));
        assertFalse(p.authorized(null, "S3CRET"));
        assertFalse(p.authorized("Bearer s3cret", "wrong"));
    }

    @Test
    public void jarContentTypes() {
        assertTrue(UploadPolicy.isJarType("application/java-archive"));
        assertTrue(UploadPolicy.isJarType("Application/Octet-Stream; charset=binary"));
        assertFalse(UploadPolicy.isJarType("application/json"));
        assertFalse(UploadPolicy.isJarType(null));
    }

    @Test
    public void readsTheBundleIdentityOrSaysWhyNot() throws Exception {
        assertArrayEquals(new String[] {"a.b", "2.0.0"},
                UploadPolicy.identity(jar("a.b;singleton:=true", "2.0.0")));
        assertArrayEquals(new String[] {"a.b", "0.0.0"}, UploadPolicy.identity(jar("a.b", null)));
        try {
            UploadPolicy.identity(jar(null, "1.0.0"));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Bundle-SymbolicName"));
        }
        try {
            UploadPolicy.identity("not a jar".getBytes());
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("MANIFEST"));
        }
    }

    private static byte[] jar(String bsn, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        if (version != null) {
            m.getMainAttributes().putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JarOutputStream(out, m).close();
        return out.toByteArray();
    }
}
