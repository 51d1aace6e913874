package io.holdfast.engine;

import io.holdfast.format.Id;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code forget} will do: for each group of snapshots, which are kept and why, and which are removed; plus
 * snapshots named explicitly for removal. A plan is computed before anything is deleted and is a plain value.
 *
 * @param groups the groups, in {@link SnapshotGroups#ORDER}; empty when snapshots were named or the policy is empty
 * @param explicit snapshots named on the command line, removed whatever the policy
 */
public record ForgetPlan(List<Group> groups, List<Snapshots.Ref> explicit) {
    public ForgetPlan {
        groups = List.copyOf(groups);
        explicit = List.copyOf(explicit);
    }

    /**
     * The plan for one group.
     *
     * @param key the group's key
     * @param keep the kept snapshots, newest first, with their reasons
     * @param remove the removed snapshots, newest first
     */
    public record Group(SnapshotGroups.Key key, List<Kept> keep, List<Snapshots.Ref> remove) {
        public Group {
            keep = List.copyOf(keep);
            remove = List.copyOf(remove);
        }
    }

    /**
     * A kept snapshot.
     *
     * @param snapshot the snapshot
     * @param reasons why it is kept, in restic's words ({@code last snapshot}, {@code daily snapshot},
     *     {@code has tags [a, b]}, {@code within 1y}, {@code daily within 2m}, ...)
     * @param counters how many snapshots each counting rule may still keep after this one
     */
    public record Kept(Snapshots.Ref snapshot, List<String> reasons, Counters counters) {
        public Kept {
            reasons = List.copyOf(reasons);
        }
    }

    /** The remaining counts of the {@code --keep-last/-hourly/-daily/-weekly/-monthly/-yearly} rules. */
    public record Counters(int last, int hourly, int daily, int weekly, int monthly, int yearly) {}

    /** The ids of every snapshot to remove, without repeats, in plan order. */
    public List<Id> toRemove() {
        Set<Id> ids = new LinkedHashSet<>();
        for (Group g : groups) {
            for (Snapshots.Ref r : g.remove()) {
                ids.add(r.id());
            }
        }
        for (Snapshots.Ref r : explicit) {
            ids.add(r.id());
        }
        return new ArrayList<>(ids);
    }
}
