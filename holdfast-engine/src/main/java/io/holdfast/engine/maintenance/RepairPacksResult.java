package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code repair packs} did.
 *
 * @param packsRemoved the damaged packs deleted after salvage
 * @param blobsSalvaged blobs copied into new packs
 * @param lost blobs no intact copy of which was found: snapshots using them need {@code repair snapshots --forget}
 * @param copies the copies of the damaged packs saved before deleting them
 * @param problems one line per unreadable pack or damaged blob
 */
public record RepairPacksResult(
        List<Id> packsRemoved, long blobsSalvaged, List<BlobRef> lost, List<Path> copies, List<String> problems) {
    public RepairPacksResult {
        packsRemoved = List.copyOf(packsRemoved);
        lost = List.copyOf(lost);
        copies = List.copyOf(copies);
        problems = List.copyOf(problems);
    }
}
