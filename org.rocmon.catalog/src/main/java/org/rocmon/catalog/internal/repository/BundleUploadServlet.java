package org.rocmon.catalog.internal.repository;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /admin/bundles} with a bundle jar as the body installs and starts it (or updates the installed
 * bundle of the same symbolic name and version): one of the three ways a mixin gets onto a node, next to the
 * hot folder and the repository. Admin only: refused (403) unless an admin token is configured, and 401 unless
 * the request carries it ({@code Authorization: Bearer <token>} or {@code Rocmon-Admin-Token: <token>}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/admin/bundles", "/admin/bundles/*"})
@HttpWhiteboardServletName("rocmon-bundle-upload")
@Designate(ocd = BundleUploadServlet.Config.class)
public final class BundleUploadServlet extends HttpServlet {

    /** Framework property: the admin token, when no configuration sets one. */
    public static final String TOKEN_PROPERTY = "rocmon.admin.token";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BundleUploadServlet.class);

    /** Configuration (PID {@code org.rocmon.catalog.internal.repository.BundleUploadServlet}). */
    @ObjectClassDefinition(name = "Rocmon bundle upload", description = "Admin-only upload of mixin bundles")
    public @interface Config {
        @AttributeDefinition(description = "Admin token; empty: framework property rocmon.admin.token; neither: "
                + "uploads are refused")
        String adminToken() default "";

        @AttributeDefinition(description = "Largest accepted bundle, bytes")
        int maxBytes() default 32 * 1024 * 1024;
    }

    private final transient BundleContext context;
    private final transient UploadPolicy policy;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final int maxBytes;

    /**
     * @param context installs the bundles
     * @param config the configuration
     */
    @Activate
    public BundleUploadServlet(BundleContext context, Config config) {
        this.context = context;
        String token = config.adminToken();
        if (token == null || token.isBlank()) {
            token = context.getProperty(TOKEN_PROPERTY);
        }
        this.policy = new UploadPolicy(token);
        this.maxBytes = Math.max(1024, config.maxBytes());
        LOG.info("Bundle upload at /admin/bundles is {}", policy.enabled() ? "enabled (admin token set)"
                : "disabled (no admin token configured)");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!policy.enabled()) {
            error(resp, 403, "bundle upload is disabled: configure an admin token (" + TOKEN_PROPERTY + ")");
            return;
        }
        if (!policy.authorized(req.getHeader("Authorization"), req.getHeader(UploadPolicy.TOKEN_HEADER))) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"rocmon\"");
            error(resp, 401, "an admin token is required (Authorization: Bearer <token> or "
                    + UploadPolicy.TOKEN_HEADER + ")");
            return;
        }
        if (!UploadPolicy.isJarType(req.getContentType())) {
            error(resp, 415, "send the bundle as application/java-archive or application/octet-stream, not "
                    + req.getContentType());
            return;
        }
        if (req.getContentLengthLong() > maxBytes) {
            error(resp, 413, "bundle larger than " + maxBytes + " bytes");
            return;
        }
        byte[] jar = read(req.getInputStream());
        if (jar == null) {
            error(resp, 413, "bundle larger than " + maxBytes + " bytes");
            return;
        }
        String[] id;
        Version version;
        try {
            id = UploadPolicy.identity(jar);
            version = Version.parseVersion(id[1]);
        } catch (IOException | IllegalArgumentException e) {
            error(resp, 400, e.getMessage());
            return;
        }
        install(resp, jar, id[0], version);
    }

    private void install(HttpServletResponse resp, byte[] jar, String bsn, Version version) throws IOException {
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
                bundle = context.installBundle("rocmon-upload:" + bsn + "/" + version, new ByteArrayInputStream(jar));
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
            error(resp, 400, "bundle " + bsn + " " + version + " could not be installed and started: "
                    + e.getMessage());
            return;
        }
        LOG.info("Uploaded bundle {} {} {}", bsn, version, existing == null ? "installed" : "updated");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bundle", bsn);
        body.put("version", version.toString());
        body.put("id", bundle.getBundleId());
        body.put("state", bundle.getState() == Bundle.ACTIVE ? "active" : "installed");
        body.put("mixins", mixins(bundle));
        resp.setStatus(existing == null ? 201 : 200);
        resp.setContentType("application/json");
        mapper.writeValue(resp.getOutputStream(), body);
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

    /** @return the body, or {@code null} when it exceeds the limit */
    private byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > maxBytes) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        mapper.writeValue(resp.getOutputStream(), Map.of("error", message));
    }
}
