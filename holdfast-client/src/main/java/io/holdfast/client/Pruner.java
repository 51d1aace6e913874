package io.holdfast.client;

import io.holdfast.repository.Repository;
import java.io.IOException;

/**
 * Runs {@code prune} for {@code forget --prune}, inside forget's exclusive lock, after the snapshot files are removed.
 *
 * <p>TODO(merge): this build has no prune engine, so {@link Holdfast#forget(io.holdfast.engine.ForgetOptions,
 * boolean)} uses none and refuses {@code prune = true} with "prune is not available in this build". When the prune
 * engine lands on main, implement this interface with it (or replace the interface by a direct call) in
 * {@code Holdfast.PRUNER}.
 */
@FunctionalInterface
public interface Pruner {
    /**
     * Removes the data no remaining snapshot references.
     *
     * @param repository the open repository, with its index loaded and an exclusive lock held
     * @param dryRun only report what would be removed
     */
    void prune(Repository repository, boolean dryRun) throws IOException;
}
