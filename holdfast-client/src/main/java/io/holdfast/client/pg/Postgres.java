package io.holdfast.client.pg;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.fs.LocalFs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL physical backup with point-in-time recovery: base backups ({@link BaseBackupSource}), continuous WAL
 * archiving ({@link WalArchiver}), restore to a time or to the end of the archive ({@link PgRestore}) and the {@code
 * restore_command} behind it ({@link WalFetcher}). docs/sources.md describes the layout and guarantees.
 */
public final class Postgres {
    private Postgres() {}

    /** {@code dsn} with any password replaced by {@code ***}, for messages and logs. */
    public static String redacted(String dsn) {
        return PgDsn.redact(dsn);
    }

    /** Takes a base backup of the cluster at {@code dsn}; {@code fast} asks for an immediate checkpoint. */
    public static BackupResult backup(Holdfast h, String dsn, BackupOptions opts, boolean fast, BackupProgress progress)
            throws IOException {
        return h.backup(opts, new BaseBackupSource(PgDsn.parse(dsn), opts, fast, LocalFs.get()), progress);
    }

    /** The outcome of {@link #restore}. */
    public record Restored(
            String snapshotId, String systemId, String dataDirectory, long files, List<String> settings) {}

    /**
     * Restores a base backup into {@code target} and sets up recovery to {@code toTime}, or to the end of the
     * archive when it is null. {@code restoreCommand} turns the cluster's system id into the {@code wal-get} command
     * line recovery runs.
     */
    public static Restored restore(
            Holdfast h,
            @Nullable String snapshot,
            @Nullable String systemId,
            @Nullable Instant toTime,
            Path target,
            Function<String, String> restoreCommand,
            BackupProgress progress)
            throws IOException {
        PgRestore.Restored r = PgRestore.restore(h, snapshot, systemId, toTime, target, restoreCommand, progress);
        return new Restored(
                r.base().id().hex(),
                r.systemId(),
                r.base().snapshot().paths().get(0),
                r.files().files(),
                r.settings());
    }

    /**
     * Writes the WAL file {@code name} of cluster {@code systemId} to {@code target}, fetching up to {@code prefetch}
     * following segments into {@code spool}; false if the archive does not hold it.
     */
    public static boolean walGet(Holdfast h, String systemId, String name, Path target, Path spool, int prefetch)
            throws IOException {
        try (AutoCloseable session = h.readSession()) {
            return new WalFetcher(h).fetch(systemId, name, target, spool, prefetch);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Serves {@code name} from the fetched-ahead spool without opening a repository; true if it was there. */
    public static boolean walFromSpool(String name, Path target, Path spool) throws IOException {
        return WalFetcher.fromSpool(name, target, spool);
    }
}
