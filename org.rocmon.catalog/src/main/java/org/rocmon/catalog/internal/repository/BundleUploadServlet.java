package org.rocmon.catalog.internal.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * {@code POST /admin/bundles} with a bundle jar as the body installs and starts it (or updates the installed
 * bundle of the same symbolic name and version): one of the three ways a mixin gets onto a node, next to the
 * hot folder and the repository. Admin only: the node's security guard authenticates the caller (HTTP Basic or
 * {@code Authorization: Bearer <token>}); without a caller the answer is 401, without the admin role 403.
 * {@code DELETE /admin/bundles/{symbolic name}/{version}} uninstalls a bundle uploaded this way.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/admin/bundles", "/admin/bundles/*"})
@HttpWhiteboardServletName("rocmon-bundle-upload")
@Designate(ocd = BundleUploadServlet.Config.class)
public final class BundleUploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Location prefix of uploaded bundles: only these may be removed through the API. */
    static final String UPLOAD_LOCATION = "rocmon-upload:";
    private static final Logger LOG = LoggerFactory.getLogger(BundleUploadServlet.class);

    /** Configuration (PID {@code org.rocmon.catalog.internal.repository.BundleUploadServlet}). */
    @ObjectClassDefinition(name = "Rocmon bundle upload", description = "Admin-only upload of mixin bundles")
    public @interface Config {
        @AttributeDefinition(description = "Largest accepted bundle, bytes")
        int maxBytes() default 32 * 1024 * 1024;
    }

    private final transient BundleContext context;
    private final int maxBytes;

    /**
     * @param context installs the bundles
     * @param config the configuration
     */
    @Activate
    public BundleUploadServlet(BundleContext context, Config config) {
        this.context = context;
        this.maxBytes = Math.max(1024, config.maxBytes());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            authorize(req);
            switch (req.getMethod()) {
                case "POST":
                    upload(req, resp);
                    break;
                case "DELETE":
                    remove(req.getPathInfo(), resp);
                    break;
                default:
                    throw Problem.methodNotAllowed(req.getMethod(), List.of("POST", "DELETE"));
            }
        } catch (Problem p) {
            HttpIo.drain(req);
            HttpIo.problem(resp, p);
        }
    }

    private void authorize(HttpServletRequest req) throws Problem {
        UploadPolicy.authorize(req.getAttribute(Caller.ATTRIBUTE));
    }

    private void upload(HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        if (!UploadPolicy.isJarType(req.getContentType())) {
            throw Problem.of(415, "send the bundle as application/java-archive or application/octet-stream, not "
                    + req.getContentType());
        }
        byte[] jar = HttpIo.body(req, maxBytes);
        String[] id;
        Version version;
        try {
            id = UploadPolicy.identity(jar);
            version = Version.parseVersion(id[1]);
        } catch (IOException | IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage(), null);
        }
        install(resp, jar, id[0], version);
    }

    /** DELETE /admin/bundles/{symbolic name}/{version}: uninstalls a bundle that was uploaded here. */
    private void remove(String pathInfo, HttpServletResponse resp) throws IOException, Problem {
        String[] parts = pathInfo == null ? new String[0] : pathInfo.replaceAll("^/+|/+$", "").split("/");
        if (parts.length != 2 || parts[0].isEmpty()) {
            throw Problem.notFound("DELETE /admin/bundles/{symbolic name}/{version} removes an uploaded bundle");
        }
        Version version;
        try {
            version = Version.parseVersion(parts[1]);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'" + parts[1] + "' is not a bundle version", "version");
        }
        for (Bundle b : context.getBundles()) {
            if (parts[0].equals(b.getSymbolicName()) && version.equals(b.getVersion())) {
                if (!b.getLocation().startsWith(UPLOAD_LOCATION)) {
                    throw Problem.of(409, "bundle " + parts[0] + " " + version + " was not uploaded through "
                            + "/admin/bundles (it came from " + b.getLocation() + "): remove it where it came from");
                }
                try {
                    b.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    throw Problem.of(409, "bundle " + parts[0] + " " + version + " could not be uninstalled: "
                            + e.getMessage());
                }
                LOG.info("Uploaded bundle {} {} removed", parts[0], version);
                resp.setStatus(204);
                return;
            }
        }
        throw Problem.notFound("no bundle " + parts[0] + " " + version + " is installed");
    }

    private void install(HttpServletResponse resp, byte[] jar, String bsn, Version version)
            throws IOException, Problem {
        Bundle existing = null;
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && version.equals(b.getVersion())) {
                existing = b;
            }
        }
        Bundle bundle = existing;
        try {
            if (existing != null) {
                existing.update(new ByteArrayInputStream(jar));
            } else {
                bundle = context.installBundle(UPLOAD_LOCATION + bsn + "/" + version, new ByteArrayInputStream(jar));
            }
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        } catch (BundleException | IllegalStateException | SecurityException e) {
            if (existing == null && bundle != null) {
                try {
                    bundle.uninstall();
                } catch (BundleException | IllegalStateException ignored) {
                    // best effort: leave nothing half-installed
                }
            }
            throw Problem.badRequest("bundle " + bsn + " " + version + " could not be installed and started: "
                    + e.getMessage(), null);
        }
        LOG.info("Uploaded bundle {} {} {}", bsn, version, existing == null ? "installed" : "updated");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bundle", bsn);
        body.put("version", version.toString());
        body.put("id", bundle.getBundleId());
        body.put("state", bundle.getState() == Bundle.ACTIVE ? "active" : "installed");
        body.put("mixins", mixins(bundle));
        HttpIo.json(resp, existing == null ? 201 : 200, body);
    }

    private static List<String> mixins(Bundle bundle) {
        List<String> out = new ArrayList<>();
        BundleRevision rev = bundle.adapt(BundleRevision.class);
        if (rev != null) {
            for (BundleCapability c : rev.getDeclaredCapabilities(MixinOffer.NAMESPACE)) {
                out.add(c.getAttributes().get("scheme") + "" + c.getAttributes().get("term"));
            }
        }
        return out;
    }
}
