package io.holdfast.engine.retention;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The lock coverage of a repository: which files are locked, which should be and are not, which end soonest. */
public final class LockStatus {
    private LockStatus() {}

    /** One file's lock. */
    public record FileLock(Handle file, LockState lock, boolean needed) {}

    /**
     * The repository's locks at one moment.
     *
     * @param rule the repository's retention rule, or {@code null} when it has none
     * @param files every file but lock files
     * @param needed how many files live snapshots need
     * @param neededLocked how many of those are locked now
     * @param belowPeriod needed files whose lock ends within the period ({@code lock extend} raises them)
     * @param unlocked files that should be locked (every file but lock files, in a repository with a rule) and are
     *     not: no retention, or one that has ended, and no legal hold
     * @param soonest the locked needed files whose locks end first, soonest first
     * @param held files under a legal hold
     */
    public record Report(
            @Nullable RetentionRule rule,
            int files,
            int needed,
            int neededLocked,
            int belowPeriod,
            List<Handle> unlocked,
            List<FileLock> soonest,
            int held) {}

    /** Reads every lock; the repository's index must be loaded. {@code limit} caps {@link Report#soonest}. */
    public static Report read(
            Repository repo, ObjectLocking locking, Instant now, int limit, MaintenanceProgress progress)
            throws IOException {
        RetentionRule rule = repo.retentionRule();
        progress.phase("finding the files the snapshots need");
        Set<Handle> needed = NeededFiles.of(repo, Snapshots.all(repo), progress);
        List<Handle> files = new ArrayList<>();
        for (FileType type : FileType.values()) {
            if (type != FileType.LOCK) {
                repo.backend().list(type, (FileInfo fi) -> files.add(fi.handle()));
            }
        }
        progress.phase("reading " + files.size() + " locks");
        Map<Handle, Optional<LockState>> states =
                LockStates.read(locking, files, repo.backend().properties().connections());
        int neededLocked = 0;
        int below = 0;
        int held = 0;
        List<Handle> unlocked = new ArrayList<>();
        List<FileLock> locked = new ArrayList<>();
        for (var e : states.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue; // removed since listed
            }
            LockState s = e.getValue().get();
            boolean isNeeded = needed.contains(e.getKey());
            held += s.legalHold() ? 1 : 0;
            if (!s.lockedAt(now)) {
                if (rule != null) {
                    unlocked.add(e.getKey());
                }
                continue;
            }
            if (isNeeded) {
                neededLocked++;
                Instant until = s.retainUntil();
                if (rule != null && !s.legalHold() && (until == null || rule.needsExtension(until, now))) {
                    below++;
                }
                if (until != null) {
                    locked.add(new FileLock(e.getKey(), s, true));
                }
            }
        }
        locked.sort(Comparator.comparing(
                        (FileLock f) -> f.lock().retainUntil(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(f -> f.file().path()));
        return new Report(
                rule,
                files.size(),
                needed.size(),
                neededLocked,
                below,
                List.copyOf(unlocked),
                List.copyOf(locked.subList(0, Math.min(limit, locked.size()))),
                held);
    }
}
