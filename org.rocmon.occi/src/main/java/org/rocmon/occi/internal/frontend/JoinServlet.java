package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;

/**
 * Where nodes join the front end by themselves: {@code PUT /join/{id}} (announce) and {@code POST /join/{id}}
 * (heartbeat), see {@link JoinRequests}. The security guard lets only the deployment's node credential (or an
 * admin) through, as on the node APIs: the credential a node needs to be deployed onto is the one it joins with.
 * Comes and goes with the {@link Frontend} the OCCI servlet registers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/join/*")
@HttpWhiteboardServletName("rocmon-join")
public final class JoinServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JoinServlet.class);

    private final transient JoinRequests requests;

    @Activate
    public JoinServlet(@Reference(name = "frontend") Frontend frontend) {
        this.requests = new JoinRequests(frontend);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Object caller = req.getAttribute(Caller.ATTRIBUTE);
            if (!(caller instanceof Caller) || ((Caller) caller).name == null) {
                throw Problem.of(401, "the node credential is required (is the org.rocmon.security bundle running?)")
                        .header("WWW-Authenticate", "Bearer realm=\"rocmon\"");
            }
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            String id = path.startsWith("/") ? path.substring(1) : path;
            if (id.endsWith("/")) {
                id = id.substring(0, id.length() - 1);
            }
            JoinRequests.Answer a;
            switch (req.getMethod()) {
                case "PUT":
                    a = requests.announce(id, body(req));
                    break;
                case "POST":
                    a = requests.heartbeat(id, body(req));
                    break;
                default:
                    throw Problem.methodNotAllowed(req.getMethod(), List.of("PUT", "POST"));
            }
            if (a.body == null) {
                resp.setStatus(a.status);
            } else {
                HttpIo.json(resp, a.status, a.body);
            }
        } catch (Problem p) {
            HttpIo.drain(req);
            HttpIo.problem(resp, p);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            HttpIo.problem(resp, Problem.of(503, "internal failure; see the front end's log"));
        }
    }

    private static JsonNode body(HttpServletRequest req) throws Problem, IOException {
        return HttpIo.jsonObject(req, "a join request");
    }
}
