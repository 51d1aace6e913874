package io.holdfast.client.pg;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.FormatJson;
import io.holdfast.format.json.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code holdfast pg restore}: the data directory of a base backup, written to an empty directory and set up for
 * archive recovery ({@code recovery.signal}, and in {@code postgresql.auto.conf} a {@code restore_command} that runs
 * {@code holdfast pg wal-get}, the recovery target and {@code recovery_target_action = 'promote'}).
 */
final class PgRestore {
    private PgRestore() {}

    /** What was restored and how recovery is set up. */
    record Restored(Snapshots.Ref base, String systemId, RestoreResult files, List<String> settings) {}

    /**
     * @param snapshot a base backup's id, or null for the newest one that ended before {@code toTime} (or the newest)
     * @param restoreCommand the command line of {@code holdfast ... pg wal-get --system-id ID}, without {@code %f
     *     %p}
     */
    static Restored restore(
            Holdfast h,
            @Nullable String snapshot,
            @Nullable String systemId,
            @Nullable Instant toTime,
            Path target,
            java.util.function.Function<String, String> restoreCommand,
            BackupProgress progress)
            throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--target " + target + " is not empty: a data directory is"
                            + " restored into an empty or new directory");
                }
            }
        }
        Snapshots.Ref base = snapshot != null ? h.snapshot(snapshot) : choose(h.snapshots(), systemId, toTime);
        List<String> tags = base.snapshot().tags();
        String system = PgTags.value(tags, PgTags.SYSTEM).orElse(null);
        if (!tags.contains(PgTags.BASE)
                || system == null
                || base.snapshot().paths().size() != 1) {
            throw new IllegalArgumentException("snapshot " + base.id().hex().substring(0, 8)
                    + " is not a PostgreSQL base backup (made by holdfast pg backup)");
        }
        if (toTime != null && ended(base).isAfter(toTime)) {
            throw new IllegalArgumentException("base backup " + base.id().hex().substring(0, 8) + " ended at "
                    + ended(base) + ", after --to-time " + toTime + "; choose an older one, or leave SNAPSHOT out");
        }
        String dataDir = base.snapshot().paths().get(0);
        RestoreResult files = h.restore(base.id().hex() + ":" + dataDir, target, RestoreOptions.DEFAULTS, progress);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal owner = Files.getOwner(target.resolve("PG_VERSION"));
        Path signal = target.resolve("recovery.signal");
        Files.write(signal, new byte[0]);
        List<String> settings = new java.util.ArrayList<>();
        settings.add("restore_command = " + quote(restoreCommand.apply(system) + " %f %p"));
        if (toTime != null) {
            // PostgreSQL keeps microseconds: the target is rounded down to one, in UTC
            settings.add("recovery_target_time = "
                    + quote(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
                                    .format(OffsetDateTime.ofInstant(toTime, ZoneOffset.UTC))
                            + "+00"));
        }
        settings.add("recovery_target_action = 'promote'");
        Path auto = target.resolve("postgresql.auto.conf");
        StringBuilder text = new StringBuilder("\n# written by holdfast pg restore from snapshot "
                + base.id().hex()
                + (toTime == null ? " (recover to the end of the archive)" : " (recover to " + toTime + ")") + "\n");
        settings.forEach(s -> text.append(s).append('\n'));
        Files.writeString(auto, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        for (Path p : List.of(target, signal, auto)) {
            Files.setOwner(p, owner);
        }
        Files.setPosixFilePermissions(signal, PosixFilePermissions.fromString("rw-------"));
        return new Restored(base, system, files, settings);
    }

    /** The newest base backup that ended at or before {@code toTime} (any time when null). */
    static Snapshots.Ref choose(List<Snapshots.Ref> all, @Nullable String systemId, @Nullable Instant toTime) {
        List<String> systems = PgSnapshots.systems(all);
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("the repository holds no PostgreSQL base backup (holdfast pg backup)");
        }
        String system = systemId;
        if (system == null) {
            if (systems.size() > 1) {
                throw new IllegalArgumentException("the repository holds base backups of several clusters ("
                        + String.join(", ", systems) + "): choose one with --system-id");
            }
            system = systems.get(0);
        }
        List<Snapshots.Ref> bases = PgSnapshots.bases(all, system);
        Snapshots.Ref best = null;
        for (Snapshots.Ref r : bases) {
            if (toTime == null || !ended(r).isAfter(toTime)) {
                best = r;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(
                    bases.isEmpty()
                            ? "no base backup of cluster " + system + " in the repository"
                            : "no base backup of cluster " + system + " ended by " + toTime + "; the oldest ended at "
                                    + ended(bases.get(0)));
        }
        return best;
    }

    /** When the base backup ended (its summary's backup_end), or its start time when there is no summary. */
    static Instant ended(Snapshots.Ref r) {
        RawJson summary = r.snapshot().summary();
        if (summary != null) {
            try {
                var end = FormatJson.mapper().readTree(summary.bytes()).get("backup_end");
                if (end != null && end.isTextual()) {
                    return OffsetDateTime.parse(end.asText()).toInstant();
                }
            } catch (IOException | java.time.format.DateTimeParseException e) {
                // fall back to the start
            }
        }
        return r.snapshot().time().toInstant();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
