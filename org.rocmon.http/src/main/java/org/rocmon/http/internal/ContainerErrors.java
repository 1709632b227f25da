package org.rocmon.http.internal;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;

/**
 * Errors the container or a library raises with {@code sendError} (e.g. a refused WebSocket upgrade) answer in the
 * same problem shape as the servlets' own, never as the container's HTML page or with a stack trace.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletName("rocmon-errors")
@HttpWhiteboardServletErrorPage(errorPage = {"4xx", "5xx"})
public final class ContainerErrors extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer ? (Integer) code : 500;
        if (status < 400 || status > 599) {
            status = 500;
        }
        Object message = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = message instanceof String && !((String) message).isBlank() && status < 500
                ? (String) message : Problem.title(status);
        String allow = resp.getHeader("Allow");
        Problem problem = Problem.of(status, detail);
        if (allow != null) {
            problem.header("Allow", allow);
        }
        HttpIo.problem(resp, problem);
    }
}
