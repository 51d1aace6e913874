package io.holdfast.engine;

import java.util.List;

/**
 * Which snapshots {@code copy} copies and how.
 *
 * @param snapshots source snapshots by id, id prefix or {@code latest}; empty for all that pass the filter
 * @param filter selects source snapshots when none are named, and the destination snapshots compared against
 * @param rechunk cut file contents again with the destination's chunker instead of copying the source's blobs
 */
public record CopyOptions(List<String> snapshots, SnapshotFilter filter, boolean rechunk) {
    /** Every snapshot, blobs copied as they are. */
    public static final CopyOptions ALL = new CopyOptions(List.of(), SnapshotFilter.ALL, false);

    public CopyOptions {
        snapshots = List.copyOf(snapshots);
    }

    public CopyOptions withRechunk(boolean r) {
        return new CopyOptions(snapshots, filter, r);
    }

    public CopyOptions withSnapshots(List<String> s) {
        return new CopyOptions(s, filter, rechunk);
    }
}
