package io.holdfast.engine.retention;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.repository.Repository;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the locks of the files live snapshots need ahead of the retention period: each such file whose lock ends
 * within the period (or that has none) is re-locked until the current generation's date ({@link
 * RetentionRule#retainUntil}). Plan, then execute; a lock is never shortened.
 */
public final class LockExtender {
    private LockExtender() {}

    /**
     * What {@link #execute} would do.
     *
     * @param needed how many files the live snapshots need
     * @param target the retain-until date the files to extend get
     * @param toExtend the needed files whose lock ends too soon or that have none
     * @param missing needed files that do not exist (check's business)
     */
    public record Plan(RetentionRule rule, int needed, Instant target, List<Handle> toExtend, List<Handle> missing) {}

    /** Finds what to extend at {@code now}; the repository's index must be loaded. */
    public static Plan plan(
            Repository repo, ObjectLocking locking, RetentionRule rule, Instant now, MaintenanceProgress progress)
            throws IOException {
        progress.phase("finding the files the snapshots need");
        var needed = NeededFiles.of(repo, Snapshots.all(repo), progress);
        progress.phase("reading " + needed.size() + " locks");
        Map<Handle, Optional<LockState>> states =
                LockStates.read(locking, needed, repo.backend().properties().connections());
        List<Handle> extend = new ArrayList<>();
        List<Handle> missing = new ArrayList<>();
        states.forEach((h, state) -> {
            if (state.isEmpty()) {
                missing.add(h);
            } else {
                Instant until = state.get().retainUntil();
                if (until == null || rule.needsExtension(until, now)) {
                    extend.add(h);
                }
            }
        });
        return new Plan(rule, needed.size(), rule.retainUntil(now), List.copyOf(extend), List.copyOf(missing));
    }

    /** Extends the plan's files; returns how many locks changed. */
    public static int execute(Repository repo, ObjectLocking locking, Plan plan, MaintenanceProgress progress)
            throws IOException {
        progress.phase("extending " + plan.toExtend().size() + " locks to " + plan.target());
        return LockStates.forEach(
                plan.toExtend(),
                repo.backend().properties().connections(),
                h -> locking.extendRetention(h, plan.rule().mode(), plan.target()));
    }
}
