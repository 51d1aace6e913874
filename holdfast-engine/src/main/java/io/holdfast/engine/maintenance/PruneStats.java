package io.holdfast.engine.maintenance;

/**
 * The numbers of a prune plan, as restic reports them. Sizes are stored (encrypted, compressed) bytes.
 *
 * @param usedBlobs distinct blobs snapshots need
 * @param usedBytes their size (first copies only)
 * @param duplicateBlobs extra copies of used blobs
 * @param duplicateBytes their size
 * @param unusedBlobs blobs no snapshot needs
 * @param unusedBytes their size
 * @param unreferencedBytes size of pack files no index names
 * @param repackBlobs blobs in packs to repack
 * @param repackBytes size of the packs to repack
 * @param repackRemovedBlobs blobs repacking drops
 * @param repackRemovedBytes their size
 * @param removeBlobs blobs in packs deleted whole (or forgotten because missing)
 * @param removeBytes their size
 * @param packsUsed packs whose blobs are all used
 * @param packsPartlyUsed packs with used and unused blobs
 * @param packsUnused packs with no used blob
 * @param packsUnreferenced pack files no index names
 * @param packsKeep packs kept
 * @param packsRepack packs to repack
 * @param packsRemove packs to delete whole
 * @param packsForgotten packs missing from storage, dropped from the index
 */
public record PruneStats(
        long usedBlobs,
        long usedBytes,
        long duplicateBlobs,
        long duplicateBytes,
        long unusedBlobs,
        long unusedBytes,
        long unreferencedBytes,
        long repackBlobs,
        long repackBytes,
        long repackRemovedBlobs,
        long repackRemovedBytes,
        long removeBlobs,
        long removeBytes,
        int packsUsed,
        int packsPartlyUsed,
        int packsUnused,
        int packsUnreferenced,
        int packsKeep,
        int packsRepack,
        int packsRemove,
        int packsForgotten) {

    /** All blobs in the index. */
    public long totalBlobs() {
        return usedBlobs + duplicateBlobs + unusedBlobs;
    }

    /** All bytes: blobs in the index plus unreferenced pack files. */
    public long totalBytes() {
        return usedBytes + duplicateBytes + unusedBytes + unreferencedBytes;
    }

    /** Blobs prune removes. */
    public long prunedBlobs() {
        return removeBlobs + repackRemovedBlobs;
    }

    /** Bytes prune frees (approximately: headers of deleted packs are not counted). */
    public long prunedBytes() {
        return removeBytes + repackRemovedBytes + unreferencedBytes;
    }

    /** Blobs left after prune. */
    public long remainingBlobs() {
        return totalBlobs() - prunedBlobs();
    }

    /** Bytes left after prune. */
    public long remainingBytes() {
        return totalBytes() - prunedBytes();
    }

    /** Unused bytes now (unused and duplicate blobs). */
    public long unusedBytesBefore() {
        return duplicateBytes + unusedBytes;
    }

    /** Unused bytes left after prune. */
    public long unusedBytesAfter() {
        return Math.max(0, unusedBytesBefore() - removeBytes - repackRemovedBytes);
    }
}
