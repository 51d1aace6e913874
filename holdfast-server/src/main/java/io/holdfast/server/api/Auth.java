package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.security.Permission;
import io.holdfast.server.security.Principal;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication and authorisation of every matched route: a bearer token (or {@code X-Holdfast-Token}), looked up by
 * hash, whose role must hold the route's {@link Permission}. Failed logins (a token that is unknown or revoked) are
 * audited and rate-limited per client address: after 10 failures within a minute, every request from that address gets
 * 429 until the minute is over. A request without a token gets 401 and is neither counted nor audited.
 */
final class Auth {
    static final int MAX_FAILURES = 10;
    static final long WINDOW_MILLIS = 60_000;

    private final ServerContext server;
    private final Map<String, long[]> failures = new ConcurrentHashMap<>();

    Auth(ServerContext server) {
        this.server = server;
    }

    void check(Context ctx) {
        Permission needed = permission(ctx);
        if (needed == Permission.PUBLIC) {
            return;
        }
        String ip = ctx.ip();
        long now = server.clock.millis();
        long[] f = failures.get(ip);
        if (f != null && now - f[1] < WINDOW_MILLIS && f[0] >= MAX_FAILURES) {
            ctx.header("Retry-After", Long.toString((WINDOW_MILLIS - (now - f[1])) / 1000 + 1));
            throw new ApiException(
                    429, "too_many_failures", "too many failed logins from " + ip + "; wait a minute", null);
        }
        String token = token(ctx);
        if (token == null) {
            // not a login attempt: nothing to rate-limit or audit
            throw new ApiException(
                    401, "unauthorized", "this route needs a token: send 'Authorization: Bearer hf_...'", null);
        }
        Optional<Principal> p = server.users.authenticate(token);
        if (p.isEmpty()) {
            failures.compute(
                    ip,
                    (k, v) -> v == null || now - v[1] >= WINDOW_MILLIS
                            ? new long[] {1, now}
                            : new long[] {v[0] + 1, v[1]});
            server.audit.append(
                    "anonymous",
                    "login.failed",
                    "route/" + ctx.method() + " " + ctx.path(),
                    Map.of("ip", ip, "reason", "unknown or revoked token"));
            server.metrics.counter("holdfast_login_failures").increment();
            throw new ApiException(
                    401,
                    "unauthorized",
                    token == null
                            ? "this route needs a token: send 'Authorization: Bearer hf_...'"
                            : "the token is unknown or revoked",
                    null);
        }
        Principal principal = p.get();
        if (!principal.may(needed)) {
            server.audit.append(
                    principal.user(),
                    "access.denied",
                    "route/" + ctx.method() + " " + ctx.path(),
                    Map.of("role", principal.role().label(), "needs", needed.label()));
            throw new ApiException(
                    403,
                    "forbidden",
                    "role " + principal.role().label() + " may not do this (needs " + needed.label() + ")",
                    null);
        }
        server.users.touch(principal.tokenId());
        ctx.attribute(Requests.PRINCIPAL, principal);
    }

    static Permission permission(Context ctx) {
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Permission p) {
                return p;
            }
        }
        throw new IllegalStateException("route " + ctx.path() + " has no permission");
    }

    private static @org.jspecify.annotations.Nullable String token(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        String x = ctx.header("X-Holdfast-Token");
        return x == null ? null : x.trim();
    }
}
