package org.rocmon.security.console.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.rocmon.api.security.Authenticator;
import org.rocmon.api.security.Caller;

/**
 * The web console's login: the node's users with the {@code admin} role, by HTTP Basic or a bearer token, instead
 * of the console's built-in {@code admin}/{@code admin} (which it uses only while no security provider is
 * registered). Anyone else gets 401 with a Basic challenge, so a browser asks for a password.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=rocmon")
public final class ConsoleSecurity implements SecurityProvider {

    static final String CHALLENGE = "Basic realm=\"rocmon\"";

    private final Authenticator authenticator;

    @Activate
    public ConsoleSecurity(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        Caller caller = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr());
        if (caller != null && caller.roles.contains(Caller.ROLE_ADMIN)) {
            request.setAttribute(org.osgi.service.servlet.context.ServletContextHelper.REMOTE_USER, caller.name);
            request.setAttribute(org.osgi.service.servlet.context.ServletContextHelper.AUTHENTICATION_TYPE,
                    caller.authentication);
            return caller;
        }
        refuse(response);
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        // Only admins get in at all: they may do everything the console offers.
        return user instanceof Caller && ((Caller) user).roles.contains(Caller.ROLE_ADMIN);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic and bearer credentials live in the client; nothing to forget here.
    }

    private static void refuse(HttpServletResponse response) {
        try {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            response.setStatus(401);
            response.setContentLength(0);
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away
        }
    }
}
