package io.holdfast.engine.maintenance;

/**
 * What prune did, or with a dry run would do.
 *
 * @param plan the plan it followed
 * @param dryRun whether nothing was changed
 * @param snapshots snapshots whose blobs were kept
 * @param packsWritten new packs written by repacking
 * @param blobsCopied blobs copied into new packs
 * @param bytesCopied their plaintext bytes
 * @param indexFilesWritten index files written for the remaining packs
 * @param indexFilesRemoved old index files deleted
 * @param packsDeleted pack files deleted
 */
public record PruneResult(
        PrunePlan plan,
        boolean dryRun,
        int snapshots,
        int packsWritten,
        long blobsCopied,
        long bytesCopied,
        int indexFilesWritten,
        int indexFilesRemoved,
        int packsDeleted) {

    /** The result of a dry run: the plan only. */
    static PruneResult planned(PrunePlan plan, int snapshots) {
        return new PruneResult(plan, true, snapshots, 0, 0, 0, 0, 0, 0);
    }
}
