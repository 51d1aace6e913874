package io.holdfast.engine.maintenance;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import org.jspecify.annotations.Nullable;

/** Per-pack counts while planning. */
final class PackTally {
    final Id id;
    PackInfo.@Nullable Kind kind;
    int usedBlobs;
    int unusedBlobs;
    long usedBytes;
    long unusedBytes;
    boolean uncompressed;
    boolean mustCompress;
    long stored = -1;

    PackTally(Id id, long headerSize) {
        this.id = id;
        this.usedBytes = headerSize;
    }

    void see(PackedBlob b) {
        PackInfo.Kind k = b.type() == BlobType.DATA ? PackInfo.Kind.DATA : PackInfo.Kind.TREE;
        kind = kind == null || kind == k ? k : PackInfo.Kind.MIXED;
        uncompressed |= !b.compressed();
    }

    void used(PackedBlob b) {
        usedBlobs++;
        usedBytes += b.length();
    }

    void unused(PackedBlob b) {
        unusedBlobs++;
        unusedBytes += b.length();
    }

    long total() {
        return usedBytes + unusedBytes;
    }

    PackInfo info(PackInfo.Action action) {
        return new PackInfo(
                id,
                kind == null ? PackInfo.Kind.UNKNOWN : kind,
                usedBlobs,
                unusedBlobs,
                usedBytes,
                unusedBytes,
                stored,
                action);
    }
}
