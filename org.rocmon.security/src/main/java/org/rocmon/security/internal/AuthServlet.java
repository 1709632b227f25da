package org.rocmon.security.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;

/**
 * {@code /auth/*}: who am I, bearer tokens and (admin only) users. Every request arrives authenticated by
 * {@link SecurityGuard}; errors are problems (RFC 9457).
 *
 * <pre>
 * GET    /auth/whoami            the caller: name, roles, authentication
 * POST   /auth/tokens            (Basic only) a new token, shown once: {"label": "..."} optional
 * GET    /auth/tokens            the caller's tokens (everyone's for an admin), without secrets
 * DELETE /auth/tokens/{id}       revokes one of the caller's tokens (any, for an admin)
 * GET    /auth/users             (admin) users and roles
 * POST   /auth/users             (admin) {"name": ..., "password": ..., "admin": false}
 * PUT    /auth/users/{name}      (the user or an admin) {"password": ...}; an admin creates a missing user
 * DELETE /auth/users/{name}      (admin) the user and their tokens
 * </pre>
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/auth", "/auth/*"})
@HttpWhiteboardServletName("rocmon-auth")
public final class AuthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Accounts accounts;

    @Activate
    public AuthServlet(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Object c = req.getAttribute(Caller.ATTRIBUTE);
            if (!(c instanceof Caller)) {
                throw Accounts.unauthorized("authentication is required");
            }
            route(req, resp, (Caller) c);
        } catch (Problem p) {
            HttpIo.drain(req);
            HttpIo.problem(resp, p);
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, Caller caller) throws Problem, IOException {
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] seg = info.replaceAll("^/+|/+$", "").split("/");
        String first = seg[0];
        String second = seg.length > 1 ? seg[1] : null;
        if (seg.length > 2) {
            throw Problem.notFound("nothing at /auth" + info);
        }
        switch (first) {
            case "whoami":
                only(req, "GET");
                if (second != null) {
                    throw Problem.notFound("nothing at /auth" + info);
                }
                HttpIo.json(resp, 200, whoami(caller));
                return;
            case "tokens":
                tokens(req, resp, caller, second);
                return;
            case "users":
                users(req, resp, caller, second);
                return;
            default:
                throw Problem.notFound("nothing at /auth" + info + "; see /auth/whoami, /auth/tokens, /auth/users");
        }
    }

    private void tokens(HttpServletRequest req, HttpServletResponse resp, Caller caller, String id)
            throws Problem, IOException {
        if (id == null) {
            switch (req.getMethod()) {
                case "GET": {
                    List<Object> out = new ArrayList<>();
                    for (UserStore.Token t : accounts.tokens(caller)) {
                        out.add(token(t));
                    }
                    HttpIo.json(resp, 200, Map.of("tokens", out));
                    return;
                }
                case "POST": {
                    if (!Caller.BASIC.equals(caller.authentication)) {
                        throw Problem.of(403, "a token is issued against a user name and password (HTTP Basic), "
                                + "not against another token");
                    }
                    String label = null;
                    if (req.getContentLengthLong() != 0 && !HttpIo.mediaType(req).isEmpty()) {
                        JsonNode l = HttpIo.jsonObject(req, "a token request").get("label");
                        if (l != null && !l.isNull()) {
                            if (!l.isTextual() || l.asText().length() > 200) {
                                throw Problem.badRequest("label is a text of at most 200 characters", "label");
                            }
                            label = l.asText();
                        }
                    } else {
                        HttpIo.drain(req);
                    }
                    Accounts.Issued issued = accounts.issue(caller, label);
                    Map<String, Object> body = token(issued.token);
                    body.put("token", issued.secret);
                    resp.setHeader("Location", "/auth/tokens/" + issued.token.id);
                    resp.setHeader("Cache-Control", "no-store");
                    HttpIo.json(resp, 201, body);
                    return;
                }
                default:
                    throw Problem.methodNotAllowed(req.getMethod(), List.of("GET", "POST"));
            }
        }
        only(req, "DELETE");
        accounts.revoke(caller, id);
        resp.setStatus(204);
    }

    private void users(HttpServletRequest req, HttpServletResponse resp, Caller caller, String name)
            throws Problem, IOException {
        if (name != null && "PUT".equals(req.getMethod())) {
            // a user changes their own password; an admin anyone's, and creates the user when missing
            if (!name.equals(caller.name) && !Accounts.isAdmin(caller)) {
                throw Problem.notFound("no user " + name);
            }
            ObjectNode body = HttpIo.jsonObject(req, "a password change");
            if (Accounts.isAdmin(caller) && accounts.user(name) == null) {
                UserStore.User u = accounts.create(name, text(body, "password"), admin(body));
                resp.setHeader("Location", "/auth/users/" + u.name);
                HttpIo.json(resp, 201, user(u));
                return;
            }
            accounts.setPassword(name, text(body, "password"));
            resp.setStatus(204);
            return;
        }
        if (!Accounts.isAdmin(caller)) {
            throw Problem.of(403, "managing users needs the admin role");
        }
        if (name == null) {
            switch (req.getMethod()) {
                case "GET": {
                    List<Object> out = new ArrayList<>();
                    for (UserStore.User u : accounts.users()) {
                        out.add(user(u));
                    }
                    HttpIo.json(resp, 200, Map.of("users", out));
                    return;
                }
                case "POST": {
                    ObjectNode body = HttpIo.jsonObject(req, "a user");
                    UserStore.User u = accounts.create(text(body, "name"), text(body, "password"), admin(body));
                    resp.setHeader("Location", "/auth/users/" + u.name);
                    HttpIo.json(resp, 201, user(u));
                    return;
                }
                default:
                    throw Problem.methodNotAllowed(req.getMethod(), List.of("GET", "POST"));
            }
        }
        switch (req.getMethod()) {
            case "GET": {
                UserStore.User u = accounts.user(name);
                if (u == null) {
                    throw Problem.notFound("no user " + name);
                }
                HttpIo.json(resp, 200, user(u));
                return;
            }
            case "DELETE":
                accounts.delete(caller, name);
                resp.setStatus(204);
                return;
            default:
                throw Problem.methodNotAllowed(req.getMethod(), List.of("GET", "PUT", "DELETE"));
        }
    }

    private static boolean admin(ObjectNode body) throws Problem {
        JsonNode admin = body.get("admin");
        if (admin != null && !admin.isBoolean()) {
            throw Problem.badRequest("admin is true or false", "admin");
        }
        return admin != null && admin.asBoolean();
    }

    private static String text(ObjectNode body, String field) throws Problem {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw Problem.badRequest(field + " is required (a text)", field);
        }
        return n.asText();
    }

    private static void only(HttpServletRequest req, String method) throws Problem {
        if (!method.equals(req.getMethod()) && !("GET".equals(method) && "HEAD".equals(req.getMethod()))) {
            throw Problem.methodNotAllowed(req.getMethod(), List.of(method));
        }
    }

    static Map<String, Object> whoami(Caller caller) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", caller.name);
        out.put("roles", new TreeSet<>(caller.roles));
        out.put("authentication", caller.authentication);
        if (caller.tokenId != null) {
            out.put("token", caller.tokenId);
        }
        return out;
    }

    private static Map<String, Object> token(UserStore.Token t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id);
        out.put("user", t.user);
        if (t.label != null) {
            out.put("label", t.label);
        }
        out.put("created", Instant.ofEpochMilli(t.created).toString());
        return out;
    }

    private static Map<String, Object> user(UserStore.User u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", u.name);
        out.put("roles", new TreeSet<>(u.roles));
        out.put("created", Instant.ofEpochMilli(u.created).toString());
        return out;
    }
}
