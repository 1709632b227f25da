package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.runtime.MixinCatalog;

/**
 * Issue 4, test (d): the two ways in besides the repository. A bundle dropped into the hot folder
 * ({@code ${rocmon.data}/deploy}, FileInstall) shows up in the mixin catalog and goes when the file is deleted;
 * {@code POST /admin/bundles} installs an uploaded bundle for an authenticated admin only (HTTP Basic or an admin's
 * bearer token): 401 without credentials, 403 for a user without the admin role.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MixinInstallPathsIT {

    private static final String JAR = "application/java-archive";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout();
    }

    @Test
    public void hotFolderInstallsAndRemovesAMixin() throws Exception {
        Node node = new Node(context).awaitReady();
        assertEquals(List.of("1.0.0"), ewmaVersions());
        Path dropped = node.data.resolve("deploy").resolve("ewma-2.0.0.jar");
        Files.copy(fixture(), dropped, StandardCopyOption.REPLACE_EXISTING);
        Node.await("FileInstall installs EWMA 2.0.0", 15_000, () -> ewmaVersions().equals(List.of("2.0.0", "1.0.0")));
        Files.delete(dropped);
        Node.await("FileInstall uninstalls it again", 15_000, () -> ewmaVersions().equals(List.of("1.0.0")));
    }

    @Test
    public void uploadNeedsAnAdminAndInstallsTheBundle() throws Exception {
        Node node = new Node(context).awaitReady();
        byte[] jar = Files.readAllBytes(fixture());
        Node.await("the upload servlet is registered", 10_000,
                () -> MixinTests.post(node, "/admin/bundles", JAR, jar, "Authorization", "").code != 404);

        Node.Response anonymous = MixinTests.post(node, "/admin/bundles", JAR, jar, "Authorization", "");
        assertEquals(anonymous.toString(), 401, anonymous.code);
        Node.Response wrong = MixinTests.post(node, "/admin/bundles", JAR, jar, "Authorization", "Bearer nope");
        assertEquals(wrong.toString(), 401, wrong.code);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"uploader\",\"password\":\"uploader-pw\"}").code);
        Node.Response user = MixinTests.post(node, "/admin/bundles", JAR, jar, "Authorization",
                Node.basic("uploader", "uploader-pw"));
        assertEquals("a user without the admin role: " + user, 403, user.code);
        Node.Response json = MixinTests.post(node, "/admin/bundles", "application/json", "{}".getBytes(
                StandardCharsets.UTF_8));
        assertEquals(json.toString(), 415, json.code);
        Node.Response garbage = MixinTests.post(node, "/admin/bundles", JAR, "not a jar".getBytes(
                StandardCharsets.UTF_8));
        assertEquals(garbage.toString(), 400, garbage.code);
        assertTrue(garbage.body, garbage.body.contains("\"detail\""));
        assertEquals("nothing was installed by refused uploads", List.of("1.0.0"), ewmaVersions());

        // an admin's bearer token does as well as the admin's password
        Node.Response issued = node.post("/auth/tokens", "{\"label\":\"upload\"}");
        assertEquals(issued.toString(), 201, issued.code);
        String token = (String) issued.json().get("token");
        Node.Response created = MixinTests.post(node, "/admin/bundles", JAR, jar, "Authorization", "Bearer " + token);
        assertEquals(created.toString(), 201, created.code);
        assertEquals(MixinTests.EWMA_BUNDLE, created.json().get("bundle"));
        assertEquals("2.0.0", created.json().get("version"));
        assertEquals(List.of(MixinTests.EWMA), created.json().get("mixins"));
        Node.await("the uploaded EWMA 2.0.0 is in the catalog", 10_000,
                () -> ewmaVersions().equals(List.of("2.0.0", "1.0.0")));

        Node.Response again = MixinTests.post(node, "/admin/bundles", JAR, jar);
        assertEquals("the same name and version is updated in place: " + again, 200, again.code);
        Node.await("still one 2.0.0 after the update", 10_000,
                () -> ewmaVersions().equals(List.of("2.0.0", "1.0.0")));

        // Removal: the uploaded bundle only, by an admin
        String uploaded = "/admin/bundles/" + MixinTests.EWMA_BUNDLE + "/2.0.0";
        assertEquals(401, MixinTests.delete(node, uploaded, "Authorization", "").code);
        Node.Response notUploaded = MixinTests.delete(node, "/admin/bundles/" + MixinTests.EWMA_BUNDLE + "/1.0.0");
        assertEquals("a bundle from elsewhere is not removed here: " + notUploaded, 409, notUploaded.code);
        Node.Response removed = MixinTests.delete(node, uploaded);
        assertEquals(removed.toString(), 204, removed.code);
        Node.await("EWMA 2.0.0 left the catalog", 10_000, () -> ewmaVersions().equals(List.of("1.0.0")));
        assertEquals(404, MixinTests.delete(node, uploaded).code);
    }

    private Path fixture() {
        return MixinTests.mixinsFolder(context).resolveSibling("fixtures").resolve("org.rocmon.run.fixtures.ewma2-2.0.0.jar");
    }

    private List<String> ewmaVersions() {
        ServiceReference<MixinCatalog> ref = context.getServiceReference(MixinCatalog.class);
        try {
            List<String> out = new ArrayList<>();
            for (MixinDTO d : context.getService(ref).list()) {
                if (MixinTests.EWMA.equals(d.id)) {
                    out.add(d.version);
                }
            }
            return out;
        } finally {
            context.ungetService(ref);
        }
    }
}
