package io.holdfast.client;

import io.holdfast.engine.ForgetPlan;
import io.holdfast.format.Id;
import java.util.List;

/**
 * What {@code forget} did.
 *
 * @param plan the plan it followed
 * @param removed the snapshot files removed (empty for a dry run)
 * @param dryRun whether nothing was changed
 * @param pruned whether prune ran afterwards
 */
public record ForgetResult(ForgetPlan plan, List<Id> removed, boolean dryRun, boolean pruned) {
    public ForgetResult {
        removed = List.copyOf(removed);
    }
}
