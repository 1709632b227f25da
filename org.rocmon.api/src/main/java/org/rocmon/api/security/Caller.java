package org.rocmon.api.security;

import java.util.Set;

/**
 * The authenticated caller of one HTTP request, set by the security guard as the request attribute
 * {@link #ATTRIBUTE} before any servlet of the shared context runs. Absent when the request needed no
 * authentication (the node APIs {@code /sensor/*} and {@code /resource/*}) or when no guard is installed: a servlet
 * that needs a caller treats its absence as "not authenticated".
 *
 * <p>A DTO: public fields, no behaviour; the guard creates one per request and nobody changes it afterwards.
 */
public class Caller {

    /** Request attribute carrying the {@link Caller}. */
    public static final String ATTRIBUTE = "org.rocmon.security.caller";

    /** Role of operators: sees and acts on every entity, manages users, uploads bundles. */
    public static final String ROLE_ADMIN = "admin";

    /** Role of every authenticated user: sees and acts on their own entities only. */
    public static final String ROLE_USER = "user";

    /** {@link #authentication} of HTTP Basic (user name and password). */
    public static final String BASIC = "Basic";

    /** {@link #authentication} of a bearer token issued by {@code POST /auth/tokens}. */
    public static final String BEARER = "Bearer";

    /** User name, e.g. {@code admin}; what {@code HttpServletRequest.getRemoteUser()} answers too. */
    public String name;

    /** Roles: always {@link #ROLE_USER}, plus {@link #ROLE_ADMIN} for administrators. */
    public Set<String> roles = Set.of();

    /** How the caller proved who it is: {@link #BASIC} or {@link #BEARER}. */
    public String authentication;

    /** Id of the bearer token used, or {@code null} for Basic. */
    public String tokenId;
}
