package io.holdfast.server.security;

/** Who made a request: the token's user and role. */
public record Principal(String userId, String user, Role role, String tokenId) {
    /** The server itself: scheduled jobs, catalog sync. */
    public static final Principal SYSTEM = new Principal("system", "system", Role.ADMIN, "-");

    public boolean may(Permission p) {
        return p.grantedTo(role);
    }
}
