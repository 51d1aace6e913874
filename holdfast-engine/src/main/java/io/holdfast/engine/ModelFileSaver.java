package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.TensorExtent;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.model.codec.CodecOptions;
import io.holdfast.format.model.codec.EncodedHeader;
import io.holdfast.format.model.codec.TensorBase;
import io.holdfast.format.model.codec.TensorEncoder;
import io.holdfast.format.tree.Node;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.ChannelIo;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Backs up a recognised model file with the model codec: the file is cut at tensor boundaries (tensors larger than
 * {@link #PIECE} into pieces of that size), bytes outside tensors are saved plain, and each tensor piece is encoded on
 * the CPU pool, as a delta against the same piece of the base file when one is given, and saved as a data blob.
 */
final class ModelFileSaver {
    /** Largest piece of a tensor, in bytes (a multiple of every element width). */
    static final int PIECE = 4 << 20;

    private static final ThreadLocal<TensorEncoder> ENCODERS =
            ThreadLocal.withInitial(() -> new TensorEncoder(CodecOptions.DEFAULTS));

    private final Repository repo;
    private final BlobSaver saver;
    private final Semaphore inflight;
    private final BackupStats stats;
    private final BackupProgress progress;
    private final CodecReader reader;

    ModelFileSaver(Repository repo, BlobSaver saver, Semaphore inflight, BackupStats stats, BackupProgress progress) {
        this.repo = repo;
        this.saver = saver;
        this.inflight = inflight;
        this.stats = stats;
        this.progress = progress;
        this.reader = new CodecReader(repo);
    }

    /** A saved piece: its blob, the base blobs it needs and, for an encoded piece, the SHA-256 of its plaintext. */
    private record Saved(Id id, List<Id> refs, @Nullable Id plainHash) {}

    /** A saved file: the node's content (the pieces' blobs, then the base blobs they need) and its manifest. */
    record Encoded(List<Id> content, CodecManifest manifest) {}

    /** Pieces submitted for saving. */
    record Pending(List<Future<Saved>> parts, String format, List<CodecManifest.Piece> pieces, long bytes) {
        /** Waits for every piece; returns the node content and the manifest with each piece's plaintext hash. */
        Encoded await() throws IOException {
            List<Id> ids = new ArrayList<>(parts.size());
            List<CodecManifest.Piece> hashed = new ArrayList<>(pieces.size());
            Set<Id> refs = new LinkedHashSet<>();
            try {
                for (int i = 0; i < parts.size(); i++) {
                    Saved s = Executors2.await(parts.get(i));
                    ids.add(s.id());
                    refs.addAll(s.refs());
                    CodecManifest.Piece p = pieces.get(i);
                    hashed.add(s.plainHash() == null ? p : p.withSha256(s.plainHash()));
                }
            } catch (IOException | RuntimeException e) {
                for (Future<Saved> f : parts) {
                    f.cancel(false);
                }
                throw e;
            }
            refs.removeAll(new java.util.HashSet<>(ids));
            ids.addAll(refs);
            return new Encoded(ids, new CodecManifest(format, hashed));
        }
    }

    /** Reads the file's pieces and submits each to the CPU pool, without waiting. */
    Pending start(FileChannel ch, ModelLayout layout, @Nullable Node base) throws IOException {
        Map<String, Id> previous = previousPieces(base);
        List<CodecManifest.Piece> pieces = new ArrayList<>();
        List<Future<Saved>> parts = new ArrayList<>();
        try {
            long size = layout.fileSize();
            long pos = 0;
            for (TensorExtent t : layout.tensors()) {
                pos = plain(ch, pos, t.offset(), pieces, parts);
                int width = width(t);
                for (long at = 0; at < t.length(); at += PIECE) {
                    int len = (int) Math.min(PIECE, t.length() - at);
                    CodecManifest.Piece piece = new CodecManifest.Piece(len, t.name(), at, width);
                    pieces.add(piece);
                    byte[] data = read(ch, t.offset() + at, len);
                    parts.add(submit(data, piece, previous.get(key(piece))));
                }
                pos = t.end();
            }
            plain(ch, pos, size, pieces, parts);
            if (ch.size() != size) {
                throw new IOException("file changed size while it was read");
            }
            return new Pending(parts, layout.format().name().toLowerCase(java.util.Locale.ROOT), pieces, size);
        } catch (IOException | RuntimeException e) {
            for (Future<Saved> f : parts) {
                f.cancel(false);
            }
            throw e;
        }
    }

    /** Element width for byte-grouping: the dtype's size, 1 for block-quantised types, 8 for 16-byte complex. */
    static int width(TensorExtent t) {
        int w = t.dtype().elementBytes();
        return w == 2 || w == 4 || w == 8 ? w : w == 16 ? 8 : 1;
    }

    private long plain(FileChannel ch, long from, long to, List<CodecManifest.Piece> pieces, List<Future<Saved>> parts)
            throws IOException {
        for (long at = from; at < to; at += PIECE) {
            int len = (int) Math.min(PIECE, to - at);
            CodecManifest.Piece piece = new CodecManifest.Piece(len, null, 0, 1);
            pieces.add(piece);
            parts.add(submit(read(ch, at, len), piece, null));
        }
        return Math.max(from, to);
    }

    private static String key(CodecManifest.Piece p) {
        return p.tensor() + "\u0000" + p.offset() + "\u0000" + p.length();
    }

    private static Map<String, Id> previousPieces(@Nullable Node base) throws CorruptDataException {
        Map<String, Id> m = new HashMap<>();
        CodecManifest manifest = base == null ? null : CodecManifest.of(base);
        if (base == null || manifest == null) {
            return m;
        }
        List<Id> content = java.util.Objects.requireNonNull(base.content());
        for (int i = 0; i < manifest.pieces().size(); i++) {
            CodecManifest.Piece p = manifest.pieces().get(i);
            if (p.encoded()) {
                m.put(key(p), content.get(i));
            }
        }
        return m;
    }

    private static byte[] read(FileChannel ch, long at, int len) throws IOException {
        byte[] buf = new byte[len];
        int n = ChannelIo.read(ch, buf, 0, len, at);
        if (n < len) {
            throw new EOFException("file ended at " + (at + n) + " while its model layout says it is longer");
        }
        return buf;
    }

    private Future<Saved> submit(byte[] data, CodecManifest.Piece piece, @Nullable Id previous) throws IOException {
        try {
            inflight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            return repo.workers().submit(() -> {
                try {
                    Saved s = encodeAndSave(data, piece, previous);
                    stats.bytesProcessed.add(data.length);
                    progress.bytesDone(data.length);
                    return s;
                } finally {
                    inflight.release();
                }
            });
        } catch (RuntimeException e) {
            inflight.release();
            throw e;
        }
    }

    private Saved encodeAndSave(byte[] data, CodecManifest.Piece piece, @Nullable Id previous) throws IOException {
        if (!piece.encoded()) {
            return new Saved(save(data, data.length), List.of(), null);
        }
        TensorBase base = null;
        Id plainHash = null;
        if (previous != null) {
            plainHash = Id.hash(data);
            try {
                CodecReader.Prior prior = reader.prior(previous, plainHash);
                if (prior.base() == null) {
                    return new Saved(previous, prior.header().baseIds(), plainHash);
                }
                base = prior.base();
            } catch (IOException e) {
                base = null; // the base is only an optimisation: encode the piece alone
            }
        }
        byte[] encoded = ENCODERS.get().encode(data, 0, data.length, piece.width(), base, plainHash);
        EncodedHeader h = EncodedHeader.parse(encoded, "new blob");
        List<Id> refs = base != null && h.delta() ? base.blobIds() : List.of();
        return new Saved(save(encoded, data.length), refs, h.plainHash());
    }

    private Id save(byte[] blob, int plainLength) throws IOException {
        BlobSaver.Result r = saver.save(BlobType.DATA, blob, 0, blob.length, null);
        if (r.stored()) {
            stats.dataBlobs.increment();
            stats.dataAdded.add(r.storedLength());
            stats.dataAddedPlain.add(plainLength);
        }
        return r.id();
    }
}
