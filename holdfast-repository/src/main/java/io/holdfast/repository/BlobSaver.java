package io.holdfast.repository;

import io.holdfast.format.BlobType;
import io.holdfast.format.Compression;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.index.IndexFile;
import io.holdfast.format.pack.PackWriter;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.storage.BackendProperties;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Saves new blobs: deduplicates against the index and other writers, compresses, encrypts and appends them to the
 * open pack of their type (data and tree blobs never share a pack), uploads full packs, and writes index files for
 * uploaded packs. The write order keeps the repository valid after a crash at any point: a pack is uploaded before
 * any index file names it, and {@link #flush} returns only once every blob saved so far is in an uploaded pack and
 * an index file. Thread-safe: many threads save concurrently; uploads run in the saving thread, which bounds memory
 * to one pack per thread.
 */
public final class BlobSaver {
    /** restic starts a new index file after this many blobs. */
    static final int INDEX_MAX_BLOBS = 50_000;

    private final Repository repo;
    private final Crypto crypto;
    private final Compression compression;
    private final int packSize;
    private final OpenPacks packs;
    private final List<IndexFile.Pack> unindexed = new ArrayList<>();
    private int unindexedBlobs;
    private final List<Id> writtenIndexes = new ArrayList<>();
    /**
     * Recycled buffers: pack buffers of at least {@link #packCapacity} bytes and compression output (blobs are
     * encrypted straight into their pack, see {@link OpenPacks}), so a backup (about 60 packs and a thousand chunks
     * per GiB) does not allocate each afresh. With the chunk buffers of the engine's file saver, this cut the peak RSS of a 1 GiB checkpoint backup from 700–850 MB
     * to 380–410 MB (docs/benchmarks.md); G1 grows the heap with the allocation rate.
     */
    private final BlockingQueue<byte[]> packBuffers;

    private final PackUploads uploads;

    private final BlockingQueue<byte[]> compressScratch = new ArrayBlockingQueue<>(8);
    private final int packCapacity;

    /**
     * A dry run's saver ({@code backup --dry-run}): blobs are compressed to count what they would add, but nothing is
     * encrypted, packed, uploaded or indexed; the reservations that keep a blob from being counted twice are
     * released by {@link #flush}.
     */
    private final boolean dryRun;

    private final java.util.Set<Reserved> dryRunReserved = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record Reserved(BlobType type, Id id) {}

    BlobSaver(Repository repo) {
        this(repo, false);
    }

    BlobSaver(Repository repo, boolean dryRun) {
        this.repo = repo;
        this.dryRun = dryRun;
        this.crypto = repo.crypto();
        this.compression = repo.compression();
        this.packSize = repo.options().packSize();
        this.packCapacity = packSize + (1 << 20);
        BackendProperties storage = repo.backend().properties();
        this.uploads = new PackUploads(storage, this::uploadNow, this::release);
        this.packBuffers = new ArrayBlockingQueue<>(storage.local() ? 2 : 6);
        this.packs = new OpenPacks(crypto, packSize, packCapacity, this::newPackWriter, (blobs, cause) -> {
            for (PackedBlob b : blobs) {
                repo.index().release(b.type(), b.id());
            }
            uploads.fail(cause);
        });
    }

    /** Stops the upload threads; pending uploads are abandoned (call {@link #flush} first to finish them). */
    void close() {
        uploads.close();
    }

    private void release(PackWriter.Finished pack) {
        for (PackedBlob b : pack.blobs()) {
            repo.index().release(b.type(), b.id());
        }
    }

    /**
     * The outcome of saving one blob.
     *
     * @param id the blob id
     * @param stored whether this call stored it (false: it existed or another writer stores it)
     * @param storedLength bytes added to the repository, 0 if not stored
     */
    public record Result(Id id, boolean stored, int storedLength) {}

    /** Saves a blob; {@code id} may be given when the caller computed the hash already. */
    public Result save(BlobType type, byte[] data, int off, int len, @Nullable Id id) throws IOException {
        Id blobId = id != null ? id : Id.hash(data, off, len);
        if (!repo.index().reserve(type, blobId)) {
            return new Result(blobId, false, 0);
        }
        return store(type, data, off, len, blobId, true);
    }

    /**
     * Saves a blob even though the index has it already: prune's repacking and pack salvage copy verified blobs out
     * of packs that are about to be deleted. The caller makes sure it copies each blob once.
     *
     * @param id the blob's id, which the caller verified against {@code data}
     */
    public Result saveCopy(BlobType type, byte[] data, Id id) throws IOException {
        return store(type, data, 0, data.length, id, false);
    }

    private Result store(BlobType type, byte[] data, int off, int len, Id blobId, boolean reserved) throws IOException {
        if (uploads.failed()) {
            if (reserved) {
                repo.index().release(type, blobId);
            }
            uploads.check();
        }
        List<PackWriter.Finished> full = new ArrayList<>(1);
        int storedLength;
        try {
            // Trees, and blobs copied by prune or repair, are always stored compressed (as restic stores every
            // blob of a v2 repository), so that prune never sees them as uncompressed packs to repack again.
            boolean always = type == BlobType.TREE || !reserved;
            byte[] plain = data;
            int plainOff = off;
            int plainLen = len;
            byte[] zbuf = null;
            boolean compressed = false;
            if (compression != Compression.OFF && len > 0) {
                zbuf = take(compressScratch, Compression.maxCompressedLength(len));
                int zlen = compression.compressInto(data, off, len, zbuf, always);
                if (zlen >= 0) {
                    compressed = true;
                    plain = zbuf;
                    plainOff = 0;
                    plainLen = zlen;
                }
            }
            storedLength = plainLen + Crypto.OVERHEAD;
            if (dryRun) {
                if (zbuf != null) {
                    compressScratch.offer(zbuf);
                }
                if (reserved) {
                    dryRunReserved.add(new Reserved(type, blobId));
                }
                return new Result(blobId, true, storedLength);
            }
            OpenPacks.Room room = packs.reserve(type, blobId, storedLength, compressed ? len : 0, full);
            RuntimeException failure = null;
            try {
                crypto.encrypt(plain, plainOff, plainLen, room.buffer(), room.offset());
            } catch (RuntimeException e) {
                failure = e; // the pack is abandoned when its other blobs are written, and the save fails
            }
            PackWriter.Finished done = packs.written(type, room, failure);
            if (done != null) {
                full.add(done);
            }
            if (zbuf != null) {
                compressScratch.offer(zbuf);
            }
            if (failure != null) {
                throw failure;
            }
        } catch (IOException | RuntimeException e) {
            if (reserved) {
                repo.index().release(type, blobId);
            }
            try {
                uploadAll(full); // packs of other blobs, closed by this save
            } catch (IOException | RuntimeException u) {
                e.addSuppressed(u);
            }
            throw e;
        }
        uploadAll(full);
        return new Result(blobId, true, storedLength);
    }

    /** Uploads the finished packs; once one fails, gives the others back and throws that failure. */
    private void uploadAll(List<PackWriter.Finished> finished) throws IOException {
        for (int i = 0; i < finished.size(); i++) {
            try {
                upload(finished.get(i));
            } catch (IOException | RuntimeException e) {
                for (PackWriter.Finished rest : finished.subList(i + 1, finished.size())) {
                    release(rest);
                }
                throw e;
            }
        }
    }

    /** A recycled buffer of at least {@code size} bytes (at least 1 MiB), or a new one. */
    private static byte[] take(BlockingQueue<byte[]> pool, int size) {
        byte[] b = pool.poll();
        return b != null && b.length >= size ? b : new byte[Math.max(size, 1 << 20)];
    }

    public Result save(BlobType type, byte[] data) throws IOException {
        return save(type, data, 0, data.length, null);
    }

    private PackWriter newPackWriter(BlobType type) {
        if (type != BlobType.DATA) {
            return new PackWriter(1 << 20);
        }
        byte[] buf = packBuffers.poll();
        return buf != null ? new PackWriter(buf) : new PackWriter(packCapacity);
    }

    private void upload(PackWriter.Finished pack) throws IOException {
        uploads.submit(pack);
    }

    private void uploadNow(PackWriter.Finished pack) throws IOException {
        try {
            Handle h = new Handle(FileType.PACK, pack.id().hex());
            ByteBuffer bytes = ByteBuffer.wrap(pack.bytes(), 0, pack.length());
            if (pack.blobs().getFirst().type() == BlobType.DATA) { // data and tree blobs never share a pack
                repo.backend().saveData(h, bytes);
            } else {
                repo.backend().save(h, bytes);
            }
        } catch (IOException | RuntimeException e) {
            release(pack);
            throw e;
        } finally {
            // the backend is done with the bytes (save returns only when they are stored or have failed)
            // (a pack that outgrew its buffer, its last blob being large, leaves a larger buffer: keep that one too,
            // as dropping it made every later pack allocate a new buffer and grow it again)
            if (pack.bytes().length >= packCapacity) {
                packBuffers.offer(pack.bytes());
            }
        }
        repo.index().addPack(pack.id(), pack.blobs());
        List<IndexFile.Pack> toWrite = null;
        synchronized (unindexed) {
            unindexed.add(new IndexFile.Pack(pack.id(), pack.blobs()));
            unindexedBlobs += pack.blobs().size();
            if (unindexedBlobs >= INDEX_MAX_BLOBS) {
                toWrite = new ArrayList<>(unindexed);
                unindexed.clear();
                unindexedBlobs = 0;
            }
        }
        if (toWrite != null) {
            writeIndex(toWrite);
        }
    }

    private void writeIndex(List<IndexFile.Pack> packs) throws IOException {
        Id id = repo.saveJson(FileType.INDEX, new IndexFile(List.of(), packs).toJson());
        synchronized (writtenIndexes) {
            writtenIndexes.add(id);
        }
    }

    /**
     * Finishes the open packs, uploads them and writes index files for every pack not yet in one. After it returns,
     * all blobs saved before the call are durable and indexed.
     */
    public void flush() throws IOException {
        if (dryRun) {
            for (Reserved r : dryRunReserved) {
                repo.index().release(r.type(), r.id());
            }
            dryRunReserved.clear();
            uploads.close();
            return;
        }
        uploadAll(packs.closeAll());
        uploads.await();
        List<IndexFile.Pack> rest;
        synchronized (unindexed) {
            rest = new ArrayList<>(unindexed);
            unindexed.clear();
            unindexedBlobs = 0;
        }
        if (!rest.isEmpty()) {
            writeIndex(rest);
        }
    }

    /** Index files written by this saver so far. */
    public List<Id> writtenIndexes() {
        synchronized (writtenIndexes) {
            return List.copyOf(writtenIndexes);
        }
    }
}
