package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import org.rocmon.http.HttpIo;
import org.rocmon.http.RocmonHttp;

/**
 * The monitored resource of this node (Table 2 of the paper) at {@code /resource/*}, behind the node's one front
 * door: reads requests and writes answers ({@link HttpIo}); {@link ResourceApi} decides them.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/resource/*")
@HttpWhiteboardServletName("rocmon-resource")
public final class ResourceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ResourceApi api;

    /** @param runtime the resource's collectors */
    @Activate
    public ResourceServlet(@Reference CollectorRuntime runtime) {
        this(new ResourceApi(runtime.manager()));
    }

    ResourceServlet(ResourceApi api) {
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiResponse r = api.handle(req.getMethod(), req.getPathInfo(), req.getParameter("action"),
                () -> HttpIo.jsonObject(req, "a collector description"));
        if (r.problem != null) {
            HttpIo.drain(req);
            HttpIo.problem(resp, r.problem);
            return;
        }
        for (Map.Entry<String, String> h : r.headers.entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        if (r.body == null) {
            resp.setStatus(r.status);
            HttpIo.drain(req);
        } else {
            HttpIo.json(resp, r.status, r.body);
        }
    }
}
