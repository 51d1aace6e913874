package io.holdfast.engine.maintenance;

import java.util.List;

/**
 * What {@code repair index} did.
 *
 * @param packsIndexed packs the new index describes
 * @param packsRead packs whose header (or, with {@code --read-all-packs}, whole content) was read
 * @param packsForgotten packs the old index named that are missing from storage
 * @param packsUnreadable packs whose header could not be read
 * @param damagedBlobs blobs that failed verification ({@code --read-all-packs} only)
 * @param indexFilesWritten new index files
 * @param indexFilesRemoved old index files deleted
 * @param problems one line per damaged or unreadable pack
 */
public record RepairIndexResult(
        int packsIndexed,
        int packsRead,
        int packsForgotten,
        int packsUnreadable,
        long damagedBlobs,
        int indexFilesWritten,
        int indexFilesRemoved,
        List<String> problems) {}
