package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code repair snapshots} did, snapshot by snapshot.
 *
 * @param snapshots one entry per snapshot examined, oldest first
 * @param dryRun whether nothing was changed
 */
public record RepairSnapshotsResult(List<Repaired> snapshots, boolean dryRun) {
    public RepairSnapshotsResult {
        snapshots = List.copyOf(snapshots);
    }

    /** What happened to one snapshot. */
    public enum Outcome {
        /** Nothing it references is missing. */
        UNCHANGED,
        /** A repaired copy was saved (with a dry run: would be). */
        REPAIRED,
        /** Its root tree is unreadable: the snapshot was deleted (with a dry run: would be). */
        REMOVED
    }

    /**
     * One snapshot.
     *
     * @param id the snapshot examined
     * @param replacement the repaired copy, if one was saved
     * @param outcome what happened
     * @param changes one line per directory or file changed, e.g. {@code file "/a/b": removed missing content}
     */
    public record Repaired(Id id, @Nullable Id replacement, Outcome outcome, List<String> changes) {
        public Repaired {
            changes = List.copyOf(changes);
        }
    }

    /** Snapshots repaired or removed. */
    public long modified() {
        return snapshots.stream().filter(s -> s.outcome() != Outcome.UNCHANGED).count();
    }
}
