package io.holdfast.format.model.codec;

import io.holdfast.format.Id;
import java.util.List;

/**
 * The base a tensor may be encoded as a delta against: the same-named tensor (or the same piece of it) of an earlier
 * model, as plaintext, and the ids of the stored blobs it decodes from (recorded in the delta's header).
 *
 * @param blobIds the base's stored blob ids, in order; 1 to 255
 * @param plaintext the base's bytes
 * @param offset where they start in {@code plaintext}
 * @param length how many there are
 */
public record TensorBase(List<Id> blobIds, byte[] plaintext, int offset, int length) {
    public TensorBase {
        blobIds = List.copyOf(blobIds);
        if (blobIds.isEmpty() || blobIds.size() > 255) {
            throw new IllegalArgumentException("a base has 1 to 255 blobs, not " + blobIds.size());
        }
        if (offset < 0 || length < 0 || offset > plaintext.length - length) {
            throw new IllegalArgumentException("base range out of bounds");
        }
    }

    /** A base of one blob whose plaintext is all of {@code plaintext}. */
    public static TensorBase of(Id blobId, byte[] plaintext) {
        return new TensorBase(List.of(blobId), plaintext, 0, plaintext.length);
    }
}
