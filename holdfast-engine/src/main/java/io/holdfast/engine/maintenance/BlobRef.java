package io.holdfast.engine.maintenance;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;

/**
 * A blob as the index knows it: its type and id. Data and tree blobs with the same id are different blobs.
 *
 * @param type data or tree
 * @param id the blob's id
 */
public record BlobRef(BlobType type, Id id) {
    /** The reference of a pack entry. */
    public static BlobRef of(PackedBlob b) {
        return new BlobRef(b.type(), b.id());
    }

    @Override
    public String toString() {
        return type.jsonName() + " blob " + id.hex();
    }
}
