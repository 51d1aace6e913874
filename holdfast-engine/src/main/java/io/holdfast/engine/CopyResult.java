package io.holdfast.engine;

import io.holdfast.format.Id;
import java.util.List;

/**
 * What {@code copy} did.
 *
 * @param copied source snapshots copied, with the id of each new snapshot
 * @param skipped source snapshots skipped because the destination has a copy already
 * @param dataBlobs data blobs added to the destination
 * @param treeBlobs tree blobs added to the destination
 * @param bytesAdded bytes added to the destination's packs (compressed and encrypted)
 * @param rechunked whether file contents were chunked again with the destination's chunker
 */
public record CopyResult(
        List<Copied> copied,
        List<Skipped> skipped,
        long dataBlobs,
        long treeBlobs,
        long bytesAdded,
        boolean rechunked) {
    public CopyResult {
        copied = List.copyOf(copied);
        skipped = List.copyOf(skipped);
    }

    /** A source snapshot and its new copy. */
    public record Copied(Id source, Id copy) {}

    /** A source snapshot and the destination snapshot that is a copy of it already. */
    public record Skipped(Id source, Id existing) {}
}
