package org.rocmon.catalog.internal.repository;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.Set;
import java.util.jar.Manifest;

import org.junit.Test;

import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;

public class UploadPolicyTest {

    @Test
    public void onlyAnAuthenticatedAdminUploads() throws Exception {
        assertEquals(401, refusal(null));
        assertEquals(401, refusal("not a caller"));
        Caller user = new Caller();
        user.name = "alice";
        user.roles = Set.of(Caller.ROLE_USER);
        assertEquals(403, refusal(user));
        Caller admin = new Caller();
        admin.name = "admin";
        admin.roles = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_USER);
        UploadPolicy.authorize(admin);
    }

    private static int refusal(Object caller) {
        try {
            UploadPolicy.authorize(caller);
            return 0;
        } catch (Problem p) {
            if (p.status() == 401) {
                assertTrue(p.headers().get("WWW-Authenticate").startsWith("Basic"));
            }
            return p.status();
        }
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
