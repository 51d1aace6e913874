package io.holdfast.server.catalog;

import io.holdfast.server.security.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Targets: repositories the server writes to, a local path or an {@code s3:} URL. The password and the storage
 * settings (credentials such as {@code AWS_SECRET_ACCESS_KEY}) are sealed under the master key; the API returns only the
 * names of the settings.
 */
public final class Targets {
    /** A target as the API shows it. */
    public record Target(String id, String name, String location, List<String> env, long createdAt, long updatedAt) {}

    /** What a job needs to open the repository. */
    public record Access(String id, String name, String location, String password, Map<String, String> env) {}

    /** Sealed part of a target. */
    record Secrets(String password, Map<String, String> env) {}

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    public Targets(Catalog catalog, SecretBox box, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.box = box;
        this.clock = clock;
    }

    public Target create(String name, String location, String password, Map<String, String> env) {
        String id = Ids.next();
        long now = clock.millis();
        String sealed = box.seal(Json.write(new Secrets(password, new TreeMap<>(env))), id);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO targets (id, name, location, secrets, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, id)
                .bind(1, name)
                .bind(2, location)
                .bind(3, sealed)
                .bind(4, now)
                .bind(5, now)
                .execute());
        return new Target(id, name, location, List.copyOf(new TreeMap<>(env).keySet()), now, now);
    }

    /** Replaces name, location and secrets ({@code password} null: keep the stored one; {@code env} null: keep). */
    public Optional<Target> update(
            String id,
            String name,
            String location,
            @org.jspecify.annotations.Nullable String password,
            @org.jspecify.annotations.Nullable Map<String, String> env) {
        Optional<Access> old = access(id);
        if (old.isEmpty()) {
            return Optional.empty();
        }
        String pw = password != null ? password : old.get().password();
        Map<String, String> e = env != null ? new TreeMap<>(env) : old.get().env();
        String sealed = box.seal(Json.write(new Secrets(pw, e)), id);
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE targets SET name = ?, location = ?, secrets = ?, updated_at = ? WHERE id = ?")
                .bind(0, name)
                .bind(1, location)
                .bind(2, sealed)
                .bind(3, clock.millis())
                .bind(4, id)
                .execute());
        return get(id);
    }

    public List<Target> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, name, location, secrets, created_at, updated_at" + " FROM targets ORDER BY name")
                .map((rs, ctx) -> target(rs))
                .list());
    }

    /** By id or by name. */
    public Optional<Target> get(String idOrName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, location, secrets, created_at, updated_at"
                        + " FROM targets WHERE id = ? OR name = ?")
                .bind(0, idOrName)
                .bind(1, idOrName)
                .map((rs, ctx) -> target(rs))
                .findFirst());
    }

    public Optional<Access> access(String idOrName) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, name, location, secrets FROM targets" + " WHERE id = ? OR name = ?")
                .bind(0, idOrName)
                .bind(1, idOrName)
                .map((rs, ctx) -> {
                    Secrets s = Json.read(box.open(rs.getString(4), rs.getString(1)), Secrets.class);
                    return new Access(rs.getString(1), rs.getString(2), rs.getString(3), s.password(), s.env());
                })
                .findFirst());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM targets WHERE id = ?")
                        .bind(0, id)
                        .execute())
                > 0;
    }

    private Target target(java.sql.ResultSet rs) throws java.sql.SQLException {
        Secrets s = Json.read(box.open(rs.getString(4), rs.getString(1)), Secrets.class);
        return new Target(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                List.copyOf(new TreeMap<>(s.env()).keySet()),
                rs.getLong(5),
                rs.getLong(6));
    }
}
