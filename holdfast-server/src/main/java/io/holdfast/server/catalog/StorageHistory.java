package io.holdfast.server.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Storage over time per target (the dashboard's chart): what the copies would take as plain full copies, what their
 * distinct blobs take before compression, and what they take as stored. Deduplication saves logical − raw,
 * compression raw − stored.
 */
public final class StorageHistory {
    /** One sample of one target. */
    public record Sample(String targetId, long at, int copies, long logicalBytes, long rawBytes, long storedBytes) {}

    /** All targets added up at one moment (each target's newest sample at or before it). */
    public record Point(long at, int copies, long logicalBytes, long rawBytes, long storedBytes) {}

    private final Jdbi jdbi;

    public StorageHistory(Catalog catalog) {
        this.jdbi = catalog.jdbi();
    }

    /** The sum of the file sizes of the target's indexed, live copies. */
    public long logicalBytes(String targetId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COALESCE(SUM(bytes), 0) FROM indexed_copies WHERE target_id = ? AND removed = 0")
                .bind(0, targetId)
                .mapTo(Long.class)
                .one());
    }

    /** Records a sample; a second sample of a target in the same millisecond replaces the first. */
    public void add(Sample s) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM storage_samples WHERE target_id = ? AND at = ?")
                    .bind(0, s.targetId())
                    .bind(1, s.at())
                    .execute();
            h.createUpdate("INSERT INTO storage_samples (target_id, at, copies, logical_bytes, raw_bytes,"
                            + " stored_bytes) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, s.targetId())
                    .bind(1, s.at())
                    .bind(2, s.copies())
                    .bind(3, s.logicalBytes())
                    .bind(4, s.rawBytes())
                    .bind(5, s.storedBytes())
                    .execute();
        });
    }

    /** Every sample taken at or after {@code since}, oldest first. */
    public List<Sample> since(long since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT target_id, at, copies, logical_bytes, raw_bytes, stored_bytes"
                        + " FROM storage_samples WHERE at >= ? ORDER BY at, target_id")
                .bind(0, since)
                .map((rs, ctx) -> new Sample(
                        rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list());
    }

    /** The newest sample of each target. */
    public Map<String, Sample> latest() {
        Map<String, Sample> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT s.target_id, s.at, s.copies, s.logical_bytes, s.raw_bytes,"
                        + " s.stored_bytes FROM storage_samples s JOIN (SELECT target_id, MAX(at) AS at FROM"
                        + " storage_samples GROUP BY target_id) m ON s.target_id = m.target_id AND s.at = m.at")
                .map((rs, ctx) -> new Sample(
                        rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .forEach(s -> out.put(s.targetId(), s)));
        return out;
    }

    /**
     * The totals over all targets after each sample of {@code samples} (oldest first), each target counted at its
     * newest sample so far; thinned to at most {@code maxPoints} evenly spaced points, always keeping the last.
     */
    public static List<Point> totals(List<Sample> samples, int maxPoints) {
        Map<String, Sample> current = new HashMap<>();
        List<Point> all = new ArrayList<>();
        for (Sample s : samples) {
            current.put(s.targetId(), s);
            int copies = 0;
            long logical = 0;
            long raw = 0;
            long stored = 0;
            for (Sample c : current.values()) {
                copies += c.copies();
                logical += c.logicalBytes();
                raw += c.rawBytes();
                stored += c.storedBytes();
            }
            Point p = new Point(s.at(), copies, logical, raw, stored);
            if (!all.isEmpty() && all.getLast().at() == s.at()) {
                all.set(all.size() - 1, p);
            } else {
                all.add(p);
            }
        }
        if (all.size() <= maxPoints || maxPoints < 2) {
            return all;
        }
        List<Point> thin = new ArrayList<>();
        double step = (all.size() - 1) / (double) (maxPoints - 1);
        for (int i = 0; i < maxPoints; i++) {
            thin.add(all.get((int) Math.round(i * step)));
        }
        return thin;
    }
}
