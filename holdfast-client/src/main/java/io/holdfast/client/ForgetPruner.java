package io.holdfast.client;

import io.holdfast.repository.Repository;
import java.io.IOException;

/**
 * Runs {@code prune} for {@code forget --prune}, inside forget's exclusive lock, after the snapshot files are removed.
 *
 * <p>{@link Holdfast#forget(io.holdfast.engine.ForgetOptions, boolean)} runs the prune engine through it with
 * {@link io.holdfast.engine.maintenance.PruneOptions#DEFAULTS}; tests substitute their own to observe the order.
 */
@FunctionalInterface
interface ForgetPruner {
    /**
     * Removes the data no remaining snapshot references.
     *
     * @param repository the open repository, with its index loaded and an exclusive lock held
     * @param dryRun only report what would be removed
     */
    void prune(Repository repository, boolean dryRun) throws IOException;
}
