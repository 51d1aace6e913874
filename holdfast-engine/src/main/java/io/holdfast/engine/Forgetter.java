package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code forget}: plans which snapshot files to remove, then removes them. Only snapshot files are deleted; the data
 * they referenced stays until {@code prune}. The caller holds an exclusive lock across both steps.
 */
public final class Forgetter {
    private Forgetter() {}

    /**
     * Computes the plan: the named snapshots, or the policy applied to each group of the snapshots passing the
     * filter. An empty policy plans nothing.
     *
     * @throws IllegalArgumentException if a named snapshot does not exist or an id prefix is ambiguous
     */
    public static ForgetPlan plan(Repository repo, ForgetOptions opts, Clock clock) throws IOException {
        if (!opts.snapshots().isEmpty()) {
            return new ForgetPlan(List.of(), opts.filter().select(repo, opts.snapshots()));
        }
        if (opts.policy().isEmpty()) {
            return new ForgetPlan(List.of(), List.of());
        }
        List<Snapshots.Ref> considered = opts.filter().select(repo, List.of());
        List<ForgetPlan.Group> groups = new ArrayList<>();
        for (Map.Entry<SnapshotGroups.Key, List<Snapshots.Ref>> g :
                SnapshotGroups.group(considered, opts.groupBy()).entrySet()) {
            groups.add(opts.policy().apply(g.getKey(), g.getValue(), clock));
        }
        return new ForgetPlan(groups, List.of());
    }

    /** Removes the snapshot files the plan names; returns their ids in the order removed. */
    public static List<Id> execute(Repository repo, ForgetPlan plan) throws IOException {
        List<Id> removed = new ArrayList<>();
        for (Id id : plan.toRemove()) {
            repo.backend().remove(new Handle(FileType.SNAPSHOT, id.hex()));
            removed.add(id);
        }
        return removed;
    }
}
