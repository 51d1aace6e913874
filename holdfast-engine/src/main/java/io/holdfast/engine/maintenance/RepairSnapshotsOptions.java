package io.holdfast.engine.maintenance;

import java.util.List;

/**
 * What {@code repair snapshots} does, as restic's options.
 *
 * @param dryRun report what would change; write and delete nothing
 * @param forget delete each original snapshot once its repaired copy is saved (then the copy is not tagged)
 * @param snapshots ids, id prefixes or {@code latest}; empty for all snapshots
 */
public record RepairSnapshotsOptions(boolean dryRun, boolean forget, List<String> snapshots) {
    public RepairSnapshotsOptions {
        snapshots = List.copyOf(snapshots);
    }

    /** All snapshots, keeping the originals, as restic's default. */
    public static final RepairSnapshotsOptions DEFAULTS = new RepairSnapshotsOptions(false, false, List.of());
}
