package io.holdfast.server.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/** Jobs and their logs in the catalog. State changes are conditional updates, so two workers never run one job. */
public final class Jobs {
    /** A job as stored and as the API shows it. */
    public record Job(
            String id,
            String kind,
            @Nullable String policyId,
            @Nullable String stage,
            @Nullable String assetId,
            @Nullable String targetId,
            JsonNode spec,
            String state,
            int attempt,
            long notBefore,
            long createdAt,
            @Nullable Long startedAt,
            @Nullable Long finishedAt,
            @Nullable JsonNode progress,
            @Nullable JsonNode result,
            @Nullable String error,
            String requestedBy,
            boolean cancelRequested,
            @Nullable String retryOf) {
        public JobState jobState() {
            return JobState.parse(state);
        }
    }

    /** What to queue. */
    public record NewJob(
            String kind,
            @Nullable String policyId,
            @Nullable String stage,
            @Nullable String assetId,
            @Nullable String targetId,
            Object spec,
            long notBefore,
            String requestedBy,
            int attempt,
            @Nullable String retryOf) {}

    /** One log line. */
    public record LogLine(int seq, long at, String line) {}

    private static final String COLUMNS = "id, kind, policy_id, stage, asset_id, target_id, spec, state, attempt,"
            + " not_before, created_at, started_at, finished_at, progress, result, error, requested_by,"
            + " cancel_requested, retry_of";
    private final Jdbi jdbi;
    private final Clock clock;
    private volatile Runnable onQueued = () -> {};

    /** Runs {@code r} after each job is queued or asked to stop (the runner wakes up, and acts on it at once). */
    public void onQueued(Runnable r) {
        onQueued = r;
    }

    public Jobs(Catalog catalog, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
    }

    public Job queue(NewJob j) {
        String id = Ids.next();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO jobs (id, kind, policy_id, stage, asset_id, target_id, spec,"
                        + " state, attempt, not_before, created_at, requested_by, cancel_requested, retry_of)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, 0, ?)")
                .bind(0, id)
                .bind(1, j.kind())
                .bind(2, j.policyId())
                .bind(3, j.stage())
                .bind(4, j.assetId())
                .bind(5, j.targetId())
                .bind(6, Json.write(j.spec()))
                .bind(7, j.attempt())
                .bind(8, j.notBefore())
                .bind(9, now)
                .bind(10, j.requestedBy())
                .bind(11, j.retryOf())
                .execute());
        onQueued.run();
        return get(id).orElseThrow();
    }

    public Optional<Job> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> job(rs))
                .findFirst());
    }

    /** Jobs newest first, filtered; {@code before} pages by creation time. */
    public List<Job> list(
            @Nullable String state,
            @Nullable String policyId,
            @Nullable String kind,
            @Nullable Long before,
            int limit) {
        return list(state, policyId, kind, before, null, limit);
    }

    /**
     * Jobs newest first (ties by id), filtered; the page after the job ({@code before}, {@code beforeId}) is the one
     * whose creation time and id come after it in that order, so jobs created in the same millisecond are not skipped.
     */
    public List<Job> list(
            @Nullable String state,
            @Nullable String policyId,
            @Nullable String kind,
            @Nullable Long before,
            @Nullable String beforeId,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs");
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (state != null) {
            where.add("state = ?");
            args.add(state);
        }
        if (policyId != null) {
            where.add("policy_id = ?");
            args.add(policyId);
        }
        if (kind != null) {
            where.add("kind = ?");
            args.add(kind);
        }
        if (before != null && beforeId != null) {
            where.add("(created_at < ? OR (created_at = ? AND id > ?))");
            args.add(before);
            args.add(before);
            args.add(beforeId);
        } else if (before != null) {
            where.add("created_at < ?");
            args.add(before);
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return q.map((rs, ctx) -> job(rs)).list();
        });
    }

    /** Queued jobs whose time has come, oldest first. */
    public List<Job> due(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM jobs WHERE state = 'queued' AND not_before <= ? ORDER BY not_before, created_at LIMIT "
                        + limit)
                .bind(0, clock.millis())
                .map((rs, ctx) -> job(rs))
                .list());
    }

    public List<Job> running() {
        return list("running", null, null, null, 1000);
    }

    /** Takes a queued job for {@code node}; false if another worker took it first or it was cancelled. */
    public boolean claim(String id, String node) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET state = 'running', node = ?, started_at = ?,"
                                + " heartbeat_at = ? WHERE id = ? AND state = 'queued' AND cancel_requested = 0")
                        .bind(0, node)
                        .bind(1, now)
                        .bind(2, now)
                        .bind(3, id)
                        .execute())
                == 1;
    }

    public void heartbeat(String id, Object progress) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE jobs SET heartbeat_at = ?, progress = ? WHERE id = ?")
                .bind(0, clock.millis())
                .bind(1, Json.write(progress))
                .bind(2, id)
                .execute());
    }

    /** Ends a running (or, when cancelled before it started, a queued) job. */
    public boolean finish(String id, JobState state, @Nullable Object result, @Nullable String error) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET state = ?, finished_at = ?, result = ?, error = ?"
                                + " WHERE id = ? AND state IN ('queued', 'running')")
                        .bind(0, state.label())
                        .bind(1, clock.millis())
                        .bind(2, result == null ? null : Json.write(result))
                        .bind(3, error)
                        .bind(4, id)
                        .execute())
                == 1;
    }

    public boolean requestCancel(String id) {
        boolean requested = jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET cancel_requested = 1 WHERE id = ?"
                                + " AND state IN ('queued', 'running')")
                        .bind(0, id)
                        .execute())
                == 1;
        if (requested) {
            onQueued.run(); // a running job is stopped now, not at the runner's next tick
        }
        return requested;
    }

    public boolean cancelRequested(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT cancel_requested FROM jobs WHERE id = ?")
                        .bind(0, id)
                        .mapTo(Integer.class)
                        .findFirst()
                        .orElse(0))
                != 0;
    }

    /** Running jobs whose worker has not reported since {@code staleBefore}: left behind by a stopped server. */
    public List<Job> stale(long staleBefore) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM jobs WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)")
                .bind(0, staleBefore)
                .map((rs, ctx) -> job(rs))
                .list());
    }

    public void log(String jobId, String line) {
        jdbi.useHandle(
                h -> h.createUpdate("INSERT INTO job_logs (job_id, seq, at, line) SELECT ?, COALESCE(MAX(seq), 0)"
                                + " + 1, ?, ? FROM job_logs WHERE job_id = ?")
                        .bind(0, jobId)
                        .bind(1, clock.millis())
                        .bind(2, line)
                        .bind(3, jobId)
                        .execute());
    }

    public List<LogLine> logs(String jobId, int after) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT seq, at, line FROM job_logs WHERE job_id = ? AND seq > ?" + " ORDER BY seq LIMIT 10000")
                .bind(0, jobId)
                .bind(1, after)
                .map((rs, ctx) -> new LogLine(rs.getInt(1), rs.getLong(2), rs.getString(3)))
                .list());
    }

    /** Whether a job of this policy stage for this asset (or target) is queued or running. */
    public boolean active(String policyId, String stage, @Nullable String assetId, @Nullable String targetId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE policy_id = ? AND stage = ?"
                                + " AND COALESCE(asset_id, '') = ? AND COALESCE(target_id, '') = ?"
                                + " AND state IN ('queued', 'running')")
                        .bind(0, policyId)
                        .bind(1, stage)
                        .bind(2, assetId == null ? "" : assetId)
                        .bind(3, targetId == null ? "" : targetId)
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    /** The newest finished job of a policy's stage kind (and asset, if given). */
    public Optional<Job> lastFinished(String policyId, String kind, @Nullable String assetId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE policy_id = ? AND kind = ?"
                        + " AND (? = '' OR asset_id = ?) AND state NOT IN ('queued', 'running', 'interrupted')"
                        + " ORDER BY finished_at DESC LIMIT 1")
                .bind(0, policyId)
                .bind(1, kind)
                .bind(2, assetId == null ? "" : assetId)
                .bind(3, assetId == null ? "" : assetId)
                .map((rs, ctx) -> job(rs))
                .findFirst());
    }

    public long count(String state) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE state = ?")
                .bind(0, state)
                .mapTo(Long.class)
                .one());
    }

    private static Job job(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Job(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Json.tree(rs.getString(7)),
                rs.getString(8),
                rs.getInt(9),
                rs.getLong(10),
                rs.getLong(11),
                nullableLong(rs, 12),
                nullableLong(rs, 13),
                rs.getString(14) == null ? null : Json.tree(rs.getString(14)),
                rs.getString(15) == null ? null : Json.tree(rs.getString(15)),
                rs.getString(16),
                rs.getString(17),
                rs.getInt(18) != 0,
                rs.getString(19));
    }

    private static @Nullable Long nullableLong(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
