package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Users;
import io.holdfast.server.security.Permission;
import io.holdfast.server.security.Role;
import io.javalin.http.Context;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/users} and {@code /api/v1/tokens}: who may call the API, with which role. */
final class UsersResource implements Routes.Resource {
    /** The body of a new user. */
    record UserRequest(String name, String role) {}

    /** The body of a new token: for a user by name, with a label. */
    record TokenRequest(String user, @Nullable String label) {}

    private final ServerContext server;

    UsersResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get("/api/v1/users", Permission.USER_READ, "List users", ctx -> ctx.json(server.users.list()));
        r.post("/api/v1/users", Permission.USER_WRITE, "Add a user with a role", this::createUser);
        r.delete("/api/v1/users/{id}", Permission.USER_WRITE, "Remove a user and revoke the user's tokens", ctx -> {
            Users.User u = server.users.byName(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("user"));
            if (u.id().equals(Requests.principal(ctx).userId())) {
                throw ApiException.conflict("you cannot remove yourself");
            }
            server.users.delete(u.id());
            server.audit.append(
                    Requests.principal(ctx).user(), "user.delete", "user/" + u.id(), Map.of("name", u.name()));
            ctx.status(204);
        });
        r.get(
                "/api/v1/tokens",
                Permission.USER_READ,
                "List live tokens (never the tokens themselves)",
                ctx -> ctx.json(server.users.tokens()));
        r.post("/api/v1/tokens", Permission.USER_WRITE, "Make a token for a user; shown once", this::createToken);
        r.delete("/api/v1/tokens/{id}", Permission.USER_WRITE, "Revoke a token", ctx -> {
            if (!server.users.revoke(ctx.pathParam("id"))) {
                throw ApiException.notFound("token " + ctx.pathParam("id"));
            }
            server.audit.append(
                    Requests.principal(ctx).user(), "token.revoke", "token/" + ctx.pathParam("id"), Map.of());
            ctx.status(204);
        });
    }

    private void createUser(Context ctx) {
        UserRequest req = Requests.body(ctx, UserRequest.class);
        if (req.name() == null) {
            throw ApiException.invalid("name", "give the user a name");
        }
        Role role;
        try {
            role = Role.parse(req.role() == null ? "" : req.role());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("role", String.valueOf(e.getMessage()));
        }
        if (server.users.byName(req.name()).isPresent()) {
            throw ApiException.conflict("a user named " + req.name() + " exists");
        }
        Users.User u;
        try {
            u = server.users.create(req.name(), role);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("name", String.valueOf(e.getMessage()));
        }
        server.audit.append(
                Requests.principal(ctx).user(),
                "user.create",
                "user/" + u.id(),
                Map.of("name", u.name(), "role", u.role()));
        ctx.status(201).json(u);
    }

    private void createToken(Context ctx) {
        TokenRequest req = Requests.body(ctx, TokenRequest.class);
        Users.User u = server.users
                .byName(req.user() == null ? "" : req.user())
                .orElseThrow(() -> ApiException.invalid("user", "no user named " + req.user()));
        Users.NewToken t = server.users.createToken(u, req.label() == null ? "" : req.label());
        server.audit.append(
                Requests.principal(ctx).user(),
                "token.create",
                "token/" + t.id(),
                Map.of("user", u.name(), "role", u.role()));
        ctx.status(201).json(t);
    }
}
