package io.holdfast.client.pg;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository side of WAL archiving, apart from PostgreSQL: stores received WAL files as the next version of a
 * cluster's archive snapshot (retention by the cluster's base backups), then removes every other version.
 */
final class WalArchive {
    private WalArchive() {}

    /**
     * A stored batch: the new archive snapshot, how many older versions were removed, and how many could not be (a
     * legal hold, or storage that refuses deletes such as Object Lock: they stay until prune-able by their lock).
     */
    record Stored(BackupResult snapshot, int removed, int kept) {}

    /**
     * @param received complete segments, history files and at most one {@code .partial}
     * @param lsn the position everything received is known to reach, recorded as a tag
     */
    static Stored store(Holdfast h, String systemId, long segmentSize, List<Path> received, String lsn)
            throws IOException {
        List<Snapshots.Ref> all = h.snapshots();
        Snapshots.Ref previous = PgSnapshots.wal(all, systemId).orElse(null);
        WalBatchSource source = new WalBatchSource(
                systemId,
                previous == null ? null : previous.snapshot().tree(),
                received,
                PgSnapshots.keepFrom(all, systemId, segmentSize),
                segmentSize,
                List.of(PgTags.WAL, PgTags.SYSTEM + systemId, PgTags.LSN + lsn));
        BackupResult r = h.backup(BackupOptions.DEFAULTS, source, BackupProgress.NONE);
        int removed = 0;
        int kept = 0;
        for (Snapshots.Ref old : h.snapshots()) {
            if (!PgTags.isWalOf(old.snapshot().tags(), systemId) || old.id().equals(r.snapshotId())) {
                continue;
            }
            try {
                if (h.removeReplacedSnapshot(old.id())) {
                    removed++;
                } else {
                    kept++; // another process holds a lock (next batch), or a legal hold
                }
            } catch (IOException e) {
                kept++; // e.g. Object Lock refuses the delete until its retention ends; the new version is saved
            }
        }
        return new Stored(r, removed, kept);
    }
}
