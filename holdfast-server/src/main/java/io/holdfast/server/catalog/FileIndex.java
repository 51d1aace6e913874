package io.holdfast.server.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * The file index behind catalog search: which paths exist in which copies, with size and modification time. Each path
 * is stored once; a file version (a path in a copy) is one row of four integers. Search matches a substring of the
 * file's name (case-insensitive); a file's versions are listed oldest first, marking where it changed.
 */
public final class FileIndex {
    /** One path of a copy being indexed. */
    public record Entry(String path, long size, long mtime) {}

    /** A search hit: a path, how many live copies hold it, and its newest version. */
    public record Hit(
            String path, long versions, long newestTime, String newestTarget, String newestSnapshot, long size) {}

    /** One version of one file. */
    public record Version(String targetId, String snapshotId, long time, long size, long mtime, boolean changed) {}

    private final Jdbi jdbi;
    private @Nullable Map<String, Long> pathIds;
    private long nextPathId;

    public FileIndex(Catalog catalog) {
        this.jdbi = catalog.jdbi();
    }

    /** Whether a copy has been indexed (and not removed). */
    public boolean indexed(String targetId, String snapshotId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM indexed_copies WHERE target_id = ? AND"
                                + " snapshot_id = ? AND removed = 0")
                        .bind(0, targetId)
                        .bind(1, snapshotId)
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    /** The snapshot ids of a target's live indexed copies. */
    public Set<String> indexedSnapshots(String targetId) {
        return Set.copyOf(jdbi.withHandle(
                h -> h.createQuery("SELECT snapshot_id FROM indexed_copies WHERE" + " target_id = ? AND removed = 0")
                        .bind(0, targetId)
                        .mapTo(String.class)
                        .list()));
    }

    /**
     * Adds one copy's paths, in one transaction. Path ids are cached; if another server instance added the same path
     * meanwhile (a PostgreSQL catalog), the cache is reloaded and the copy added again.
     */
    public synchronized void add(String targetId, String snapshotId, long time, Iterable<Entry> entries) {
        try {
            addOnce(targetId, snapshotId, time, entries);
        } catch (RuntimeException e) {
            pathIds = null;
            addOnce(targetId, snapshotId, time, entries);
        }
    }

    private void addOnce(String targetId, String snapshotId, long time, Iterable<Entry> entries) {
        jdbi.useTransaction(h -> {
            Map<String, Long> ids = pathIds(h);
            long copyNo = h.createQuery("SELECT COALESCE(MAX(no), 0) + 1 FROM indexed_copies")
                    .mapTo(Long.class)
                    .one();
            h.createUpdate(
                            "INSERT INTO indexed_copies (no, target_id, snapshot_id, time, removed) VALUES (?, ?, ?, ?, 0)")
                    .bind(0, copyNo)
                    .bind(1, targetId)
                    .bind(2, snapshotId)
                    .bind(3, time)
                    .execute();
            PreparedBatch newPaths = h.prepareBatch("INSERT INTO file_paths (id, path, lname) VALUES (?, ?, ?)");
            PreparedBatch versions =
                    h.prepareBatch("INSERT INTO file_versions (path_id, copy_no, size, mtime) VALUES (?, ?, ?, ?)");
            Map<String, Long> added = new HashMap<>();
            int pending = 0;
            long bytes = 0;
            for (Entry e : entries) {
                bytes += e.size();
                Long id = ids.get(e.path());
                if (id == null) {
                    id = added.get(e.path());
                }
                if (id == null) {
                    id = nextPathId++;
                    added.put(e.path(), id);
                    newPaths.bind(0, id)
                            .bind(1, e.path())
                            .bind(2, lowerName(e.path()))
                            .add();
                }
                versions.bind(0, id)
                        .bind(1, copyNo)
                        .bind(2, e.size())
                        .bind(3, e.mtime())
                        .add();
                if (++pending == 10_000) {
                    flush(newPaths, versions);
                    pending = 0;
                }
            }
            flush(newPaths, versions);
            h.createUpdate("UPDATE indexed_copies SET bytes = ? WHERE no = ?")
                    .bind(0, bytes)
                    .bind(1, copyNo)
                    .execute();
            ids.putAll(added);
        });
    }

    private static void flush(PreparedBatch paths, PreparedBatch versions) {
        if (paths.size() > 0) {
            paths.execute();
        }
        if (versions.size() > 0) {
            versions.execute();
        }
    }

    private Map<String, Long> pathIds(Handle h) {
        Map<String, Long> ids = pathIds;
        if (ids == null) {
            Map<String, Long> loaded = new HashMap<>();
            h.createQuery("SELECT id, path FROM file_paths")
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        loaded.put(rs.getString(2), rs.getLong(1));
                        return null;
                    })
                    .list();
            nextPathId =
                    loaded.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            pathIds = loaded;
            ids = loaded;
        }
        return ids;
    }

    /** Marks a copy removed: its versions no longer show (they are purged by {@link #purge()}). */
    public void remove(String targetId, String snapshotId) {
        jdbi.useHandle(
                h -> h.createUpdate("UPDATE indexed_copies SET removed = 1 WHERE target_id = ? AND snapshot_id = ?")
                        .bind(0, targetId)
                        .bind(1, snapshotId)
                        .execute());
    }

    /** Deletes the rows of removed copies. */
    public synchronized int purge() {
        return jdbi.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM indexed_copies WHERE removed = 1")
                            .mapTo(Long.class)
                            .one()
                    == 0) {
                return 0;
            }
            int n = h.createUpdate("DELETE FROM file_versions WHERE copy_no IN (SELECT no FROM indexed_copies WHERE"
                            + " removed = 1)")
                    .execute();
            h.createUpdate("DELETE FROM indexed_copies WHERE removed = 1").execute();
            return n;
        });
    }

    /** Paths whose file name contains {@code text} (case-insensitive), with their newest live version. */
    public List<Hit> search(String text, int limit) {
        String pattern = "%"
                + text.toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        return jdbi.withHandle(h -> {
            Map<Long, String> paths = new LinkedHashMap<>();
            h.createQuery("SELECT id, path FROM file_paths WHERE lname LIKE ? ESCAPE '\\' ORDER BY path LIMIT ?")
                    .bind(0, pattern)
                    .bind(1, Math.max(1, Math.min(limit, 1000)))
                    .map((rs, ctx) -> paths.put(rs.getLong(1), rs.getString(2)))
                    .list();
            if (paths.isEmpty()) {
                return List.of();
            }
            String in = paths.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
            Map<Long, Hit> hits = new HashMap<>();
            h.createQuery("SELECT v.path_id, COUNT(*), MAX(c.time) FROM file_versions v JOIN indexed_copies c ON"
                            + " c.no = v.copy_no WHERE c.removed = 0 AND v.path_id IN (" + in + ") GROUP BY v.path_id")
                    .map((rs, ctx) -> hits.put(rs.getLong(1), new Hit("", rs.getLong(2), rs.getLong(3), "", "", 0)))
                    .list();
            List<Hit> out = new ArrayList<>();
            for (Map.Entry<Long, String> p : paths.entrySet()) {
                Hit hit = hits.get(p.getKey());
                if (hit == null) {
                    continue;
                }
                Version newest = newest(h, p.getKey());
                out.add(new Hit(
                        p.getValue(),
                        hit.versions(),
                        hit.newestTime(),
                        newest.targetId(),
                        newest.snapshotId(),
                        newest.size()));
            }
            return out;
        });
    }

    private static Version newest(Handle h, long pathId) {
        return h.createQuery("SELECT c.target_id, c.snapshot_id, c.time, v.size, v.mtime FROM file_versions v JOIN"
                        + " indexed_copies c ON c.no = v.copy_no WHERE v.path_id = ? AND c.removed = 0 ORDER BY"
                        + " c.time DESC LIMIT 1")
                .bind(0, pathId)
                .map((rs, ctx) -> new Version(
                        rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), false))
                .one();
    }

    /** Every live version of one path, oldest first; {@code changed} where size or time differ from the one before. */
    public List<Version> versions(String path) {
        return jdbi.withHandle(h -> {
            List<Version> raw = h.createQuery("SELECT c.target_id, c.snapshot_id, c.time, v.size, v.mtime FROM"
                            + " file_paths p JOIN file_versions v ON v.path_id = p.id JOIN indexed_copies c ON"
                            + " c.no = v.copy_no WHERE p.path = ? AND c.removed = 0 ORDER BY c.time, c.target_id")
                    .bind(0, path)
                    .map((rs, ctx) -> new Version(
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), false))
                    .list();
            List<Version> out = new ArrayList<>();
            Version prev = null;
            for (Version v : raw) {
                boolean changed = prev == null || prev.size() != v.size() || prev.mtime() != v.mtime();
                out.add(new Version(v.targetId(), v.snapshotId(), v.time(), v.size(), v.mtime(), changed));
                prev = v;
            }
            return out;
        });
    }

    public long versionCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM file_versions")
                .mapTo(Long.class)
                .one());
    }

    static String lowerName(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }
}
