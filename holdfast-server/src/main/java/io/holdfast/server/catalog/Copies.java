package io.holdfast.server.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The catalog of copies: the snapshots of every target, whoever made them (this server, the CLI, restic), refreshed
 * from the repositories ({@link #replace}) and after each job that adds or removes snapshots.
 */
public final class Copies {
    /** One snapshot in one target. */
    public record Copy(
            String targetId,
            String snapshotId,
            long time,
            String hostname,
            List<String> paths,
            List<String> tags,
            @Nullable String assetId,
            String tree,
            String program,
            @Nullable JsonNode summary) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public Copies(Catalog catalog, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
    }

    /** Makes the target's rows exactly {@code copies}: adds new ones, drops those no longer in the repository. */
    public int[] replace(String targetId, List<Copy> copies) {
        return jdbi.inTransaction(h -> {
            Set<String> have = new HashSet<>(h.createQuery("SELECT snapshot_id FROM copies WHERE target_id = ?")
                    .bind(0, targetId)
                    .mapTo(String.class)
                    .list());
            Set<String> want = new HashSet<>();
            int added = 0;
            for (Copy c : copies) {
                want.add(c.snapshotId());
                if (!have.contains(c.snapshotId())) {
                    insert(h, c);
                    added++;
                }
            }
            int removed = 0;
            for (String id : have) {
                if (!want.contains(id)) {
                    removed += h.createUpdate("DELETE FROM copies WHERE target_id = ? AND snapshot_id = ?")
                            .bind(0, targetId)
                            .bind(1, id)
                            .execute();
                }
            }
            return new int[] {added, removed};
        });
    }

    public void add(Copy c) {
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM copies WHERE target_id = ? AND snapshot_id = ?")
                    .bind(0, c.targetId())
                    .bind(1, c.snapshotId())
                    .execute();
            insert(h, c);
        });
    }

    private void insert(org.jdbi.v3.core.Handle h, Copy c) {
        h.createUpdate("INSERT INTO copies (target_id, snapshot_id, time, hostname, paths, tags, asset_id, tree,"
                        + " program, summary, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, c.targetId())
                .bind(1, c.snapshotId())
                .bind(2, c.time())
                .bind(3, c.hostname())
                .bind(4, Json.write(c.paths()))
                .bind(5, Json.write(c.tags()))
                .bind(6, c.assetId())
                .bind(7, c.tree())
                .bind(8, c.program())
                .bind(9, c.summary() == null ? null : Json.write(c.summary()))
                .bind(10, clock.millis())
                .execute();
    }

    /** Copies newest first, by target and/or asset; {@code before} pages by time. */
    public List<Copy> list(@Nullable String targetId, @Nullable String assetId, @Nullable Long before, int limit) {
        return list(targetId, assetId, before, null, limit);
    }

    /** Copies newest first (ties by snapshot id); the page after the copy ({@code before}, {@code beforeId}). */
    public List<Copy> list(
            @Nullable String targetId,
            @Nullable String assetId,
            @Nullable Long before,
            @Nullable String beforeId,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT target_id, snapshot_id, time, hostname, paths, tags, asset_id,"
                + " tree, program, summary FROM copies");
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (targetId != null) {
            where.add("target_id = ?");
            args.add(targetId);
        }
        if (assetId != null) {
            where.add("asset_id = ?");
            args.add(assetId);
        }
        if (before != null && beforeId != null) {
            where.add("(time < ? OR (time = ? AND snapshot_id > ?))");
            args.add(before);
            args.add(before);
            args.add(beforeId);
        } else if (before != null) {
            where.add("time < ?");
            args.add(before);
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY time DESC, snapshot_id LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return q.map((rs, ctx) -> copy(rs)).list();
        });
    }

    /** A copy by target and snapshot id or unique id prefix. */
    public Optional<Copy> get(String targetId, String snapshotPrefix) {
        List<Copy> found = jdbi.withHandle(h -> h.createQuery("SELECT target_id, snapshot_id, time, hostname, paths,"
                        + " tags, asset_id, tree, program, summary FROM copies WHERE target_id = ? AND snapshot_id"
                        + " LIKE ? LIMIT 2")
                .bind(0, targetId)
                .bind(1, snapshotPrefix.replaceAll("[^0-9a-f]", "") + "%")
                .map((rs, ctx) -> copy(rs))
                .list());
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    /** For one asset: how many copies each target holds. */
    public java.util.Map<String, Long> locations(String assetId) {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT target_id, COUNT(*) FROM copies WHERE asset_id = ? GROUP BY target_id")
                .bind(0, assetId)
                .map((rs, ctx) -> {
                    m.put(rs.getString(1), rs.getLong(2));
                    return null;
                })
                .list());
        return m;
    }

    /** The time of the newest copy of an asset in a target, or empty. */
    public java.util.OptionalLong newest(String targetId, String assetId) {
        List<Long> t =
                jdbi.withHandle(h -> h.createQuery("SELECT MAX(time) FROM copies WHERE target_id = ? AND asset_id = ?")
                        .bind(0, targetId)
                        .bind(1, assetId)
                        .map((rs, ctx) -> {
                            long v = rs.getLong(1);
                            return rs.wasNull() ? null : v;
                        })
                        .list());
        return t.isEmpty() || t.getFirst() == null
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(t.getFirst());
    }

    public long count(@Nullable String assetId) {
        return jdbi.withHandle(h -> assetId == null
                ? h.createQuery("SELECT COUNT(*) FROM copies").mapTo(Long.class).one()
                : h.createQuery("SELECT COUNT(*) FROM copies WHERE asset_id = ?")
                        .bind(0, assetId)
                        .mapTo(Long.class)
                        .one());
    }

    private static Copy copy(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Copy(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                List.of(Json.read(rs.getString(5), String[].class)),
                List.of(Json.read(rs.getString(6), String[].class)),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10) == null ? null : Json.tree(rs.getString(10)));
    }
}
