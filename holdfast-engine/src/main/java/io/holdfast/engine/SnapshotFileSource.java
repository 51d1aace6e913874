package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.ModelSource;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.tree.Node;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Repository;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A file in a snapshot as random-access bytes: positions map to content blobs through their plaintext lengths from
 * the index, and the last blob read is cached, so parsing a model header loads one or two blobs.
 */
public final class SnapshotFileSource implements ModelSource {
    private final Repository repo;
    private final String name;
    private final List<Id> blobs;
    private final long[] starts; // starts[i] = offset of blob i; starts[n] = size
    private final @org.jspecify.annotations.Nullable CodecReader codec;
    private final List<CodecManifest.Piece> pieces; // the codec manifest's pieces, empty for other files
    private int cached = -1;
    private byte[] cache = new byte[0];

    /**
     * @throws CorruptDataException if a content blob is not in the index
     */
    public SnapshotFileSource(Repository repo, String name, Node node) throws IOException {
        this.repo = repo;
        this.name = name;
        CodecManifest manifest = CodecManifest.of(node);
        List<Id> content = node.content() == null ? List.of() : Objects.requireNonNull(node.content());
        if (manifest != null) {
            // a model codec file: its bytes are the decoded pieces; the references after them are not part of it
            this.codec = new CodecReader(repo);
            this.pieces = manifest.pieces();
            this.blobs = content.subList(0, pieces.size());
            this.starts = new long[blobs.size() + 1];
            for (int i = 0; i < blobs.size(); i++) {
                starts[i + 1] = starts[i] + manifest.pieces().get(i).length();
            }
            return;
        }
        this.codec = null;
        this.pieces = List.of();
        this.blobs = content;
        this.starts = new long[blobs.size() + 1];
        for (int i = 0; i < blobs.size(); i++) {
            BlobLocation loc = repo.index().lookup(BlobType.DATA, blobs.get(i));
            if (loc == null) {
                throw new CorruptDataException(name, "data blob " + blobs.get(i).hex() + " is missing from the index");
            }
            starts[i + 1] = starts[i] + loc.plaintextLength();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return starts[blobs.size()];
    }

    /** The content blobs in order. */
    public List<Id> blobs() {
        return blobs;
    }

    /** The file offset where blob {@code i} starts; {@code i == blobs().size()} gives the size. */
    public long blobStart(int i) {
        return starts[i];
    }

    @Override
    public void read(long position, byte[] dst, int off, int len) throws IOException {
        if (position < 0 || position + len > size()) {
            throw new EOFException(name + ": read past end at " + position);
        }
        long pos = position;
        int done = 0;
        while (done < len) {
            int i = blobAt(pos);
            byte[] b = blob(i);
            int from = (int) (pos - starts[i]);
            int n = Math.min(len - done, b.length - from);
            System.arraycopy(b, from, dst, off + done, n);
            done += n;
            pos += n;
        }
    }

    /** Writes the whole file to {@code out}, blob by blob (each loaded and verified once). */
    public void transferTo(java.io.OutputStream out) throws IOException {
        for (int i = 0; i < blobs.size(); i++) {
            out.write(blob(i));
        }
    }

    private int blobAt(long pos) {
        int i = Arrays.binarySearch(starts, pos);
        if (i < 0) {
            i = -i - 2;
        }
        while (i + 1 < starts.length && starts[i + 1] == pos) {
            i++; // skip empty blobs
        }
        return i;
    }

    /** Loads (and verifies) blob {@code i}. */
    public byte[] blob(int i) throws IOException {
        if (i != cached) {
            cache = codec != null && pieces.get(i).encoded()
                    ? codec.decode(blobs.get(i), pieces.get(i).sha256())
                    : repo.loadBlob(BlobType.DATA, blobs.get(i));
            cached = i;
        }
        return cache;
    }
}
