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
        Map<Id, io.holdfast.engine.retention.Holds.Event> held = io.holdfast.engine.retention.Holds.current(repo);
        if (!opts.snapshots().isEmpty()) {
            List<Snapshots.Ref> named = opts.filter().select(repo, opts.snapshots());
            for (Snapshots.Ref r : named) {
                var hold = held.get(r.id());
                if (hold != null) {
                    throw new IllegalArgumentException(
                            "snapshot " + r.id().hex().substring(0, 8)
                                    + " is under a legal hold (" + hold.reason() + ", by " + hold.user() + " at "
                                    + hold.time() + "); lift it first with 'holdfast hold remove "
                                    + r.id().hex().substring(0, 8) + "'");
                }
            }
            return new ForgetPlan(List.of(), named);
        }
        if (opts.policy().isEmpty()) {
            return new ForgetPlan(List.of(), List.of());
        }
        List<Snapshots.Ref> considered = opts.filter().select(repo, List.of());
        List<ForgetPlan.Group> groups = new ArrayList<>();
        for (Map.Entry<SnapshotGroups.Key, List<Snapshots.Ref>> g :
                SnapshotGroups.group(considered, opts.groupBy()).entrySet()) {
            groups.add(keepHeld(opts.policy().apply(g.getKey(), g.getValue(), clock), held.keySet()));
        }
        return new ForgetPlan(groups, List.of());
    }

    /** {@code group} with the held snapshots it would remove kept instead, for the reason {@code legal hold}. */
    static ForgetPlan.Group keepHeld(ForgetPlan.Group group, java.util.Set<Id> held) {
        if (group.remove().stream().noneMatch(r -> held.contains(r.id()))) {
            return group;
        }
        List<ForgetPlan.Kept> keep = new ArrayList<>(group.keep());
        List<Snapshots.Ref> remove = new ArrayList<>();
        for (Snapshots.Ref r : group.remove()) {
            if (held.contains(r.id())) {
                keep.add(new ForgetPlan.Kept(r, List.of("legal hold"), new ForgetPlan.Counters(0, 0, 0, 0, 0, 0)));
            } else {
                remove.add(r);
            }
        }
        keep.sort(java.util.Comparator.comparing(
                        (ForgetPlan.Kept k) -> k.snapshot().snapshot().time())
                .reversed());
        return new ForgetPlan.Group(group.key(), keep, remove);
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
