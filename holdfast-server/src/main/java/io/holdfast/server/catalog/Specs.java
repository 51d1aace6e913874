package io.holdfast.server.catalog;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Named objects whose definition is a JSON document: assets and policies. The table has {@code id}, {@code name},
 * {@code spec}, {@code created_at}, {@code updated_at} and one more column ({@code kind} of an asset, {@code paused} of
 * a policy) kept in {@link Stored#extra()}.
 */
public final class Specs<T> {
    /** One stored object. */
    public record Stored<T>(String id, String name, T spec, String extra, long createdAt, long updatedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final String table;
    private final String extraColumn;
    private final Class<T> type;

    public Specs(Catalog catalog, Clock clock, String table, String extraColumn, Class<T> type) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
        this.table = table;
        this.extraColumn = extraColumn;
        this.type = type;
    }

    public Stored<T> create(String name, T spec, String extra) {
        String id = Ids.next();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + table + " (id, name, spec, " + extraColumn
                        + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, id)
                .bind(1, name)
                .bind(2, Json.write(spec))
                .bind(3, extraValue(extra))
                .bind(4, now)
                .bind(5, now)
                .execute());
        return new Stored<>(id, name, spec, extra, now, now);
    }

    public Optional<Stored<T>> update(String id, String name, T spec) {
        int n = jdbi.withHandle(
                h -> h.createUpdate("UPDATE " + table + " SET name = ?, spec = ?, updated_at = ? WHERE id = ?")
                        .bind(0, name)
                        .bind(1, Json.write(spec))
                        .bind(2, clock.millis())
                        .bind(3, id)
                        .execute());
        return n == 0 ? Optional.empty() : get(id);
    }

    public Optional<Stored<T>> setExtra(String id, String extra) {
        int n = jdbi.withHandle(
                h -> h.createUpdate("UPDATE " + table + " SET " + extraColumn + " = ?, updated_at = ? WHERE id = ?")
                        .bind(0, extraValue(extra))
                        .bind(1, clock.millis())
                        .bind(2, id)
                        .execute());
        return n == 0 ? Optional.empty() : get(id);
    }

    public List<Stored<T>> list() {
        return jdbi.withHandle(h -> h.createQuery(select() + " ORDER BY name")
                .map((rs, ctx) -> stored(rs))
                .list());
    }

    /** By id or by name. */
    public Optional<Stored<T>> get(String idOrName) {
        return jdbi.withHandle(h -> h.createQuery(select() + " WHERE id = ? OR name = ?")
                .bind(0, idOrName)
                .bind(1, idOrName)
                .map((rs, ctx) -> stored(rs))
                .findFirst());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM " + table + " WHERE id = ?")
                        .bind(0, id)
                        .execute())
                > 0;
    }

    private String select() {
        return "SELECT id, name, spec, " + extraColumn + ", created_at, updated_at FROM " + table;
    }

    private Object extraValue(String extra) {
        return extraColumn.equals("paused") ? (Object) (Boolean.parseBoolean(extra) ? 1 : 0) : extra;
    }

    private Stored<T> stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        String extra = extraColumn.equals("paused") ? Boolean.toString(rs.getInt(4) != 0) : rs.getString(4);
        return new Stored<>(
                rs.getString(1),
                rs.getString(2),
                Json.read(rs.getString(3), type),
                extra,
                rs.getLong(5),
                rs.getLong(6));
    }
}
