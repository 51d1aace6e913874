package io.holdfast.server.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Alerts: raised when something is wrong (a job failed, an RPO missed, a verify or drill failed, a target unreachable),
 * at most one open alert per kind and subject (raising it again only updates {@code lastSeenAt}), acknowledged with a
 * note, resolved when the condition clears.
 */
public final class Alerts {
    /** One alert; {@code state} is open, acknowledged or resolved. */
    public record Alert(
            String id,
            String kind,
            String subject,
            String message,
            long raisedAt,
            long lastSeenAt,
            String state,
            @Nullable Long ackAt,
            @Nullable String ackBy,
            @Nullable String ackNote) {}

    private static final String COLUMNS =
            "id, kind, subject, message, raised_at, last_seen_at, state, ack_at, ack_by, ack_note";
    private final Jdbi jdbi;
    private final Clock clock;

    public Alerts(Catalog catalog, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
    }

    /** Raises an alert; returns it if it is new (to be delivered), empty if one was open already. */
    public synchronized Optional<Alert> raise(String kind, String subject, String message) {
        long now = clock.millis();
        int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET last_seen_at = ?, message = ?"
                        + " WHERE kind = ? AND subject = ? AND state IN ('open', 'acknowledged')")
                .bind(0, now)
                .bind(1, message)
                .bind(2, kind)
                .bind(3, subject)
                .execute());
        if (updated > 0) {
            return Optional.empty();
        }
        String id = Ids.next();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO alerts (id, kind, subject, message, raised_at, last_seen_at,"
                        + " state) VALUES (?, ?, ?, ?, ?, ?, 'open')")
                .bind(0, id)
                .bind(1, kind)
                .bind(2, subject)
                .bind(3, message)
                .bind(4, now)
                .bind(5, now)
                .execute());
        return get(id);
    }

    /** Resolves the open alert of this kind and subject, if any; returns whether there was one. */
    public boolean resolve(String kind, String subject) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET state = 'resolved', last_seen_at = ?"
                                + " WHERE kind = ? AND subject = ? AND state IN ('open', 'acknowledged')")
                        .bind(0, clock.millis())
                        .bind(1, kind)
                        .bind(2, subject)
                        .execute())
                > 0;
    }

    public Optional<Alert> acknowledge(String id, String by, String note) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET state = 'acknowledged', ack_at = ?, ack_by = ?,"
                        + " ack_note = ? WHERE id = ? AND state = 'open'")
                .bind(0, clock.millis())
                .bind(1, by)
                .bind(2, note)
                .bind(3, id)
                .execute());
        return n == 0 ? Optional.empty() : get(id);
    }

    public Optional<Alert> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> alert(rs))
                .findFirst());
    }

    /** Alerts newest first; {@code state} null for all, {@code active} for open and acknowledged. */
    public List<Alert> list(@Nullable String state, @Nullable Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts");
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if ("active".equals(state)) {
            where.add("state IN ('open', 'acknowledged')");
        } else if (state != null) {
            where.add("state = ?");
            args.add(state);
        }
        if (before != null) {
            where.add("raised_at < ?");
            args.add(before);
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY raised_at DESC, id LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return q.map((rs, ctx) -> alert(rs)).list();
        });
    }

    public long countActive() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM alerts WHERE state IN ('open', 'acknowledged')")
                .mapTo(Long.class)
                .one());
    }

    private static Alert alert(java.sql.ResultSet rs) throws java.sql.SQLException {
        long ackAt = rs.getLong(8);
        boolean acked = !rs.wasNull();
        return new Alert(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getString(7),
                acked ? ackAt : null,
                rs.getString(9),
                rs.getString(10));
    }
}
