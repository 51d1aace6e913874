package io.holdfast.server.audit;

import io.holdfast.server.catalog.Catalog;
import io.holdfast.server.catalog.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The tamper-evident audit trail. Each row's hash is SHA-256 over its sequence number, time, actor, action, object,
 * detail and the previous row's hash (length-prefixed, so no two rows hash alike), so editing, removing or reordering a
 * row breaks the chain from that row on; {@link #verify()} names the first such row.
 */
public final class AuditLog {
    /** One row. */
    public record Entry(
            long seq,
            long at,
            String actor,
            String action,
            String object,
            String detail,
            String prevHash,
            String hash) {}

    /** What {@link #verify()} found. */
    public record Verification(
            boolean ok,
            long rows,
            @Nullable Long firstBadSeq,
            @Nullable String problem) {}

    static final String GENESIS = "0".repeat(64);
    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Catalog catalog, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.clock = clock;
    }

    /** Appends a row; {@code detail} becomes JSON. */
    public synchronized Entry append(String actor, String action, String object, Map<String, ?> detail) {
        String d = Json.write(detail);
        for (int attempt = 0; ; attempt++) {
            try {
                return jdbi.inTransaction(h -> insert(h, actor, action, object, d));
            } catch (RuntimeException e) {
                // another server instance took the same sequence number (PostgreSQL catalog): chain onto its row
                if (attempt >= 20) {
                    throw e;
                }
                try {
                    Thread.sleep(1L + attempt * 5L);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Entry insert(Handle h, String actor, String action, String object, String detail) {
        var last = h.createQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .findFirst();
        long seq = last.map(r -> (Long) r[0] + 1).orElse(1L);
        String prev = last.map(r -> (String) r[1]).orElse(GENESIS);
        long at = clock.millis();
        String hash = hash(seq, at, actor, action, object, detail, prev);
        h.createUpdate("INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, seq)
                .bind(1, at)
                .bind(2, actor)
                .bind(3, action)
                .bind(4, object)
                .bind(5, detail)
                .bind(6, prev)
                .bind(7, hash)
                .execute();
        return new Entry(seq, at, actor, action, object, detail, prev, hash);
    }

    /** Rows newest first, optionally only those with sequence numbers below {@code before}, by actor or action. */
    public List<Entry> list(@Nullable Long before, @Nullable String actor, @Nullable String action, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit");
        List<Object> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (before != null) {
            where.add("seq < ?");
            args.add(before);
        }
        if (actor != null) {
            where.add("actor = ?");
            args.add(actor);
        }
        if (action != null) {
            where.add("action LIKE ?");
            args.add(action.endsWith("*") ? action.substring(0, action.length() - 1) + "%" : action);
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(Math.max(1, Math.min(limit, 10_000)));
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** Every row, oldest first, to {@code sink} (export). */
    public void forEach(Consumer<Entry> sink) {
        jdbi.useHandle(h -> {
            try (var it = h.createQuery("SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
                            + " ORDER BY seq")
                    .setFetchSize(1000)
                    .map((rs, ctx) -> row(rs))
                    .iterator()) {
                it.forEachRemaining(sink);
            }
        });
    }

    /** Walks the chain; the first row whose number, link or hash is wrong is named. */
    public Verification verify() {
        long[] expectSeq = {1};
        String[] prev = {GENESIS};
        long[] rows = {0};
        Verification[] bad = {null};
        forEach(e -> {
            if (bad[0] != null) {
                return;
            }
            rows[0]++;
            if (e.seq() != expectSeq[0]) {
                bad[0] = new Verification(
                        false,
                        rows[0],
                        e.seq(),
                        "row " + expectSeq[0] + " is missing (next is " + e.seq()
                                + "): rows were removed or reordered");
            } else if (!e.prevHash().equals(prev[0])) {
                bad[0] = new Verification(
                        false, rows[0], e.seq(), "row " + e.seq() + " does not link to the row before it");
            } else if (!hash(e.seq(), e.at(), e.actor(), e.action(), e.object(), e.detail(), e.prevHash())
                    .equals(e.hash())) {
                bad[0] = new Verification(
                        false, rows[0], e.seq(), "row " + e.seq() + " was edited after it was written");
            }
            expectSeq[0] = e.seq() + 1;
            prev[0] = e.hash();
        });
        return bad[0] != null ? bad[0] : new Verification(true, rows[0], null, null);
    }

    private static Entry row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8));
    }

    static String hash(long seq, long at, String actor, String action, String object, String detail, String prev) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String field :
                    new String[] {Long.toString(seq), Long.toString(at), actor, action, object, detail, prev}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                md.update(Long.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
