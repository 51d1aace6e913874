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
        return decode(id, null);
    }

    /**
     * The plaintext of the codec blob {@code id}, verified against the SHA-256 in its header, which must be
     * {@code expected} when given (the piece's hash from the file's manifest). With {@code expected}, neither the blob
     * nor its base is hashed against its id: the plaintext check covers both (a wrong blob has another header hash, a
     * wrong base gives a wrong plaintext), and it saves a SHA-256 pass over each, a sixth of a codec restore's CPU.
     */
    byte[] decode(Id id, @Nullable Id expected) throws IOException {
        String what = "data blob " + id.hex();
        boolean unhashed = expected != null;
        byte[] blob = load(id, unhashed);
        EncodedHeader h = EncodedHeader.parse(blob, what);
        if (expected != null && !h.plainHash().equals(expected)) {
            throw new CorruptDataException(what, "is not the tensor piece the file's manifest names (SHA-256 differs)");
        }
        if (h.delta() && h.baseIds().size() == 1) {
            Id b = h.baseIds().get(0);
            String bwhat = "data blob " + b.hex() + " (base of " + what + ")";
            byte[] baseBlob = load(b, unhashed);
            return TensorDecoder.decodeDelta(h, blob, what, EncodedHeader.parse(baseBlob, bwhat), baseBlob, bwhat);
        }
        byte[] base = h.delta() ? bases(h.baseIds(), what, unhashed) : null;
        return TensorDecoder.decode(h, blob, what, base);
    }

    private byte[] load(Id id, boolean unhashed) throws IOException {
        return unhashed ? repo.loader().loadUnhashed(BlobType.DATA, id) : repo.loadBlob(BlobType.DATA, id);
    }

    private byte[] bases(List<Id> ids, String what, boolean unhashed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id b : ids) {
            if (ids.size() == 1) {
                return base(b, what, unhashed);
            }
            out.write(base(b, what, unhashed));
        }
        return out.toByteArray();
    }

    private byte[] base(Id b, String what, boolean unhashed) throws IOException {
        String bwhat = "data blob " + b.hex() + " (base of " + what + ")";
        byte[] blob = load(b, unhashed);
        EncodedHeader h = EncodedHeader.parse(blob, bwhat);
        if (h.delta()) {
            throw new CorruptDataException(bwhat, "the base of a delta is itself a delta");
        }
        return TensorDecoder.decodeBase(h, blob, bwhat);
    }

    /**
     * What a new version of the piece {@code previous} is encoded against.
     *
     * @param header the previous piece's header
     * @param base the piece itself when it is not a delta, else the piece's own base (so chains never grow beyond one
     *     level); {@code null} if the previous piece's plaintext hashes to the new one's, so it can be reused as it is
     */
    record Prior(EncodedHeader header, @Nullable TensorBase base) {}

    /** The {@link Prior} of a new version, whose plaintext hashes to {@code plainHash}, of the piece {@code previous}. */
    Prior prior(Id previous, Id plainHash) throws IOException {
        String what = "data blob " + previous.hex();
        byte[] blob = repo.loadBlob(BlobType.DATA, previous);
        EncodedHeader h = EncodedHeader.parse(blob, what);
        if (h.plainHash().equals(plainHash)) {
            return new Prior(h, null);
        }
        if (h.delta()) {
            byte[] plain = bases(h.baseIds(), what, false);
            return new Prior(h, new TensorBase(h.baseIds(), plain, 0, plain.length));
        }
        return new Prior(h, TensorBase.of(previous, TensorDecoder.decode(h, blob, what, null)));
    }

    /** The header of the codec blob {@code id}. */
    EncodedHeader header(Id id) throws IOException {
        return EncodedHeader.parse(repo.loadBlob(BlobType.DATA, id), "data blob " + id.hex());
    }
}
