package io.holdfast.server.catalog;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/** When each policy stage fires next. A run is claimed by moving {@code next_at} conditionally: it fires once. */
public final class Schedules {
    /** One stage's schedule state. */
    public record Row(
            String policyId,
            String stage,
            long nextAt,
            @Nullable Long lastAt) {}

    private final Jdbi jdbi;

    public Schedules(Catalog catalog) {
        this.jdbi = catalog.jdbi();
    }

    public Optional<Row> get(String policyId, String stage) {
        return jdbi.withHandle(h -> h.createQuery("SELECT policy_id, stage, next_at, last_at FROM schedules"
                        + " WHERE policy_id = ? AND stage = ?")
                .bind(0, policyId)
                .bind(1, stage)
                .map((rs, ctx) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4)))
                .findFirst());
    }

    public List<Row> forPolicy(String policyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT policy_id, stage, next_at, last_at FROM schedules"
                        + " WHERE policy_id = ? ORDER BY stage")
                .bind(0, policyId)
                .map((rs, ctx) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4)))
                .list());
    }

    /** Creates the row unless another instance did. */
    public void create(String policyId, String stage, long nextAt) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO schedules (policy_id, stage, next_at) VALUES (?, ?, ?)")
                    .bind(0, policyId)
                    .bind(1, stage)
                    .bind(2, nextAt)
                    .execute());
        } catch (RuntimeException e) {
            if (get(policyId, stage).isEmpty()) {
                throw e;
            }
        }
    }

    /** Moves the stage from {@code expectedNext} to {@code newNext}; true if this caller won the run. */
    public boolean claim(String policyId, String stage, long expectedNext, long newNext, long firedAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE schedules SET next_at = ?, last_at = ?"
                                + " WHERE policy_id = ? AND stage = ? AND next_at = ?")
                        .bind(0, newNext)
                        .bind(1, firedAt)
                        .bind(2, policyId)
                        .bind(3, stage)
                        .bind(4, expectedNext)
                        .execute())
                == 1;
    }

    /** Forgets a policy's schedule (deleted or changed policy: the next tick starts afresh). */
    public void reset(String policyId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM schedules WHERE policy_id = ?")
                .bind(0, policyId)
                .execute());
    }
}
