package org.rocmon.api.security;

import java.util.Set;

/**
 * The authenticated caller of one HTTP request, set by the security guard as the request attribute
 * {@link #ATTRIBUTE} before any servlet of the shared context runs: a user (Basic or bearer token), or, on the node
 * APIs, a peer node of the deployment ({@link #NODE}). Absent when the request needed no authentication or when no
 * guard is installed: a servlet that needs a caller treats its absence as "not authenticated".
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

    /**
     * Role of a peer node of the deployment, authenticated by the deployment's node credential: may call the node
     * APIs ({@code /sensor/*}, {@code /resource/*}, ...), never the user-facing ones. Such a caller has no other role.
     */
    public static final String ROLE_NODE = "node";

    /** {@link #authentication} of HTTP Basic (user name and password). */
    public static final String BASIC = "Basic";

    /** {@link #authentication} of a bearer token issued by {@code POST /auth/tokens}. */
    public static final String BEARER = "Bearer";

    /** {@link #authentication} of the deployment's node credential ({@link #ROLE_NODE}); {@link #name} is "node". */
    public static final String NODE = "Node";

    /** User name, e.g. {@code admin}; what {@code HttpServletRequest.getRemoteUser()} answers too. */
    public String name;

    /** A user's: always {@link #ROLE_USER}, plus {@link #ROLE_ADMIN} for admins; a node's: {@link #ROLE_NODE}. */
    public Set<String> roles = Set.of();

    /** How the caller proved who it is: {@link #BASIC}, {@link #BEARER} or {@link #NODE}. */
    public String authentication;

    /** Id of the bearer token used, or {@code null} for Basic. */
    public String tokenId;
}
