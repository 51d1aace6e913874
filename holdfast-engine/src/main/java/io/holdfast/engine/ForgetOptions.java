package io.holdfast.engine;

import java.util.List;

/**
 * What {@code forget} removes.
 *
 * @param policy the rules for which snapshots to keep in each group
 * @param filter only snapshots passing it are considered (ignored when {@code snapshots} are named)
 * @param groupBy how snapshots are grouped before the policy is applied
 * @param snapshots snapshots to remove by id, id prefix or {@code latest}; when given, the policy is not used
 * @param dryRun only compute and report the plan
 */
public record ForgetOptions(
        ForgetPolicy policy,
        SnapshotFilter filter,
        SnapshotGroups.GroupBy groupBy,
        List<String> snapshots,
        boolean dryRun) {
    public ForgetOptions {
        snapshots = List.copyOf(snapshots);
    }

    /** The policy with every snapshot considered, grouped by host and paths. */
    public static ForgetOptions of(ForgetPolicy policy) {
        return new ForgetOptions(policy, SnapshotFilter.ALL, SnapshotGroups.GroupBy.DEFAULT, List.of(), false);
    }

    public ForgetOptions withDryRun(boolean d) {
        return new ForgetOptions(policy, filter, groupBy, snapshots, d);
    }
}
