package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;

/**
 * One pack as prune sees it and what it decided for it.
 *
 * @param id the pack
 * @param kind the kind of blobs it holds
 * @param usedBlobs blobs a snapshot needs (a duplicate counts in one pack only)
 * @param unusedBlobs blobs no snapshot needs, and extra copies of duplicates
 * @param usedBytes bytes of the used blobs plus the pack header (what a repacked copy needs, roughly)
 * @param unusedBytes bytes of the unused blobs
 * @param storedSize the size of the pack file, or -1 if it is missing from storage
 * @param action what prune does with it
 */
public record PackInfo(
        Id id,
        Kind kind,
        int usedBlobs,
        int unusedBlobs,
        long usedBytes,
        long unusedBytes,
        long storedSize,
        Action action) {

    /** The kind of blobs in a pack. */
    public enum Kind {
        DATA,
        TREE,
        /** Data and tree blobs in one pack: written by old restic versions; always repacked. */
        MIXED,
        /** Not in the index, so unknown. */
        UNKNOWN
    }

    /** What prune does with a pack. */
    public enum Action {
        /** Left as it is. */
        KEEP,
        /** Its used blobs are copied into new packs, then it is deleted. */
        REPACK,
        /** No blob in it is used: deleted. */
        DELETE,
        /** No index names it: deleted first (a leftover of an interrupted backup or prune). */
        DELETE_UNREFERENCED,
        /** The index names it, it is missing from storage and nothing in it is used: dropped from the index. */
        FORGET_MISSING
    }

    /** Index-implied size (used + unused bytes, header included). */
    public long indexedSize() {
        return usedBytes + unusedBytes;
    }
}
