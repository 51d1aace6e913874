package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.codec.EncodedHeader;
import io.holdfast.format.model.codec.TensorBase;
import io.holdfast.format.model.codec.TensorDecoder;
import io.holdfast.repository.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Loads and decodes model codec blobs, resolving the base of a delta. Bases are never deltas themselves (the encoder
 * always deltas against the root of a chain, see {@link #baseFor}), so a piece needs at most one level of bases.
 */
final class CodecReader {
    private final Repository repo;

    CodecReader(Repository repo) {
        this.repo = repo;
    }

    /** The plaintext of the codec blob {@code id}, verified against the SHA-256 in its header. */
    byte[] decode(Id id) throws IOException {
        String what = "data blob " + id.hex();
        byte[] blob = repo.loadBlob(BlobType.DATA, id);
        EncodedHeader h = EncodedHeader.parse(blob, what);
        if (h.delta() && h.baseIds().size() == 1) {
            Id b = h.baseIds().get(0);
            String bwhat = "data blob " + b.hex() + " (base of " + what + ")";
            byte[] baseBlob = repo.loadBlob(BlobType.DATA, b);
            return TensorDecoder.decodeDelta(h, blob, what, EncodedHeader.parse(baseBlob, bwhat), baseBlob, bwhat);
        }
        byte[] base = h.delta() ? bases(h.baseIds(), what) : null;
        return TensorDecoder.decode(h, blob, what, base);
    }

    private byte[] bases(List<Id> ids, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id b : ids) {
            if (ids.size() == 1) {
                return base(b, what);
            }
            out.write(base(b, what));
        }
        return out.toByteArray();
    }

    private byte[] base(Id b, String what) throws IOException {
        String bwhat = "data blob " + b.hex() + " (base of " + what + ")";
        byte[] blob = repo.loadBlob(BlobType.DATA, b);
        EncodedHeader h = EncodedHeader.parse(blob, bwhat);
        if (h.delta()) {
            throw new CorruptDataException(bwhat, "the base of a delta is itself a delta");
        }
        return TensorDecoder.decodeBase(h, blob, bwhat);
    }

    /**
     * The base to encode a new version of the piece {@code previous} against: the piece itself when it is not a
     * delta, else the piece's own base (so chains never grow beyond one level); {@code null} if its plaintext hashes
     * to {@code plainHash}, meaning the previous piece can be reused as it is.
     */
    @Nullable
    TensorBase baseFor(Id previous, Id plainHash) throws IOException {
        String what = "data blob " + previous.hex();
        byte[] blob = repo.loadBlob(BlobType.DATA, previous);
        EncodedHeader h = EncodedHeader.parse(blob, what);
        if (h.plainHash().equals(plainHash)) {
            return null;
        }
        if (h.delta()) {
            byte[] plain = bases(h.baseIds(), what);
            return new TensorBase(h.baseIds(), plain, 0, plain.length);
        }
        return TensorBase.of(previous, TensorDecoder.decode(h, blob, what, null));
    }

    /** The header of the codec blob {@code id}. */
    EncodedHeader header(Id id) throws IOException {
        return EncodedHeader.parse(repo.loadBlob(BlobType.DATA, id), "data blob " + id.hex());
    }
}
