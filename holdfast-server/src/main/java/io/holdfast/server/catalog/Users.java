package io.holdfast.server.catalog;

import io.holdfast.server.security.Principal;
import io.holdfast.server.security.Role;
import io.holdfast.server.security.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/** Users and their tokens, in the catalog. A token is stored as its hash; it is shown once, when made. */
public final class Users {
    /** A user as the API shows it. */
    public record User(String id, String name, String role, long createdAt) {}

    /** A token as the API shows it: never the token itself. */
    public record TokenInfo(
            String id,
            String userId,
            String user,
            String role,
            String label,
            long createdAt,
            @Nullable Long lastUsedAt) {}

    /** A token just made: {@code token} is shown this once. */
    public record NewToken(String id, String userId, String role, String token) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public Users(Catalog catalog, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
    }

    public boolean isEmpty() {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one() == 0);
    }

    public User create(String name, Role role) {
        if (!name.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw new IllegalArgumentException("user name must be 1-100 of A-Z a-z 0-9 . _ @ -");
        }
        User u = new User(Ids.next(), name, role.label(), clock.millis());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)")
                .bind(0, u.id())
                .bind(1, u.name())
                .bind(2, u.role())
                .bind(3, u.createdAt())
                .execute());
        return u;
    }

    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, role, created_at FROM users ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list());
    }

    public Optional<User> byName(String nameOrId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id, name, role, created_at FROM users WHERE name = ? OR id = ?")
                        .bind(0, nameOrId)
                        .bind(1, nameOrId)
                        .map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                        .findFirst());
    }

    /** Removes a user and revokes the user's tokens. */
    public boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                    .bind(0, clock.millis())
                    .bind(1, id)
                    .execute();
            h.createUpdate("DELETE FROM tokens WHERE user_id = ?").bind(0, id).execute();
            return h.createUpdate("DELETE FROM users WHERE id = ?").bind(0, id).execute() > 0;
        });
    }

    public NewToken createToken(User user, String label) {
        String token = Tokens.generate();
        String id = Ids.next();
        jdbi.useHandle(
                h -> h.createUpdate("INSERT INTO tokens (id, user_id, hash, label, created_at) VALUES (?, ?, ?, ?, ?)")
                        .bind(0, id)
                        .bind(1, user.id())
                        .bind(2, Tokens.hash(token))
                        .bind(3, label)
                        .bind(4, clock.millis())
                        .execute());
        return new NewToken(id, user.id(), user.role(), token);
    }

    public List<TokenInfo> tokens() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT t.id, t.user_id, u.name, u.role, t.label, t.created_at, t.last_used_at FROM tokens t"
                                + " JOIN users u ON u.id = t.user_id WHERE t.revoked_at IS NULL ORDER BY t.created_at")
                .map((rs, ctx) -> new TokenInfo(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        (Long) rs.getObject(7) == null ? null : rs.getLong(7)))
                .list());
    }

    public boolean revoke(String tokenId) {
        return jdbi.withHandle(
                        h -> h.createUpdate("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                                .bind(0, clock.millis())
                                .bind(1, tokenId)
                                .execute())
                > 0;
    }

    /** The principal a token stands for, if it is a live token. */
    public Optional<Principal> authenticate(String token) {
        if (!token.startsWith("hf_") || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        Optional<Principal> p = jdbi.withHandle(h -> h.createQuery(
                        "SELECT u.id, u.name, u.role, t.id FROM tokens t JOIN users u ON u.id = t.user_id"
                                + " WHERE t.hash = ? AND t.revoked_at IS NULL")
                .bind(0, hash)
                .map((rs, ctx) ->
                        new Principal(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getString(4)))
                .findFirst());
        return p;
    }

    /** Records that a token was used (at most once a minute, to spare the catalog a write per request). */
    public void touch(String tokenId) {
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("UPDATE tokens SET last_used_at = ? WHERE id = ?"
                        + " AND (last_used_at IS NULL OR last_used_at < ?)")
                .bind(0, now)
                .bind(1, tokenId)
                .bind(2, now - 60_000)
                .execute());
    }
}
