package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackHeader;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.ArrayPool;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.BlobScratch;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Reads packs for {@code check --read-data}: hash of the file, header against the index, every blob. */
final class PackVerifier {
    private final Repository repo;
    private final List<String> errors;
    private final Set<Id> badBlobs;
    private final BackupProgress progress;
    /** Pack buffers, one per pack being verified, recycled as the decoding buffers are. */
    private final ArrayPool packBuffers = new ArrayPool();

    /** Decoding buffers, one per pack being verified (see {@link BlobScratch}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<BlobScratch> scratches =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    PackVerifier(Repository repo, List<String> errors, Set<Id> badBlobs, BackupProgress progress) {
        this.repo = repo;
        this.errors = errors;
        this.badBlobs = badBlobs;
        this.progress = progress;
    }

    /** Returns {packs read, blobs checked}. */
    long[] verify(Map<Id, Long> stored, Map<Id, List<PackedBlob>> indexed, CheckOptions opts) throws IOException {
        Random random = new Random();
        AtomicLong packs = new AtomicLong();
        AtomicLong blobs = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<Id, Long> e : stored.entrySet()) {
            Id pack = e.getKey();
            if (!opts.selects(pack, random)) {
                continue;
            }
            @org.jspecify.annotations.Nullable List<PackedBlob> expected = indexed.get(pack);
            futures.add(repo.workers().submit(() -> {
                blobs.addAndGet(verifyPack(pack, e.getValue(), expected));
                packs.incrementAndGet();
                progress.bytesDone(e.getValue());
                return null;
            }));
        }
        for (Future<?> f : futures) {
            Executors2.await(f);
        }
        return new long[] {packs.get(), blobs.get()};
    }

    private int verifyPack(Id pack, long listedSize, @org.jspecify.annotations.Nullable List<PackedBlob> expected) {
        if (listedSize > ArrayPool.MAX_ARRAY) {
            errors.add(
                    "pack " + pack.hex() + ": cannot be read: " + listedSize + " bytes are too many to load at once");
            markAll(expected);
            return 0;
        }
        byte[] data = packBuffers.take((int) listedSize);
        try {
            return verifyPack(pack, data, (int) listedSize, expected);
        } finally {
            packBuffers.give(data);
        }
    }

    private int verifyPack(
            Id pack, byte[] data, int size, @org.jspecify.annotations.Nullable List<PackedBlob> expected) {
        String name = "pack " + pack.hex();
        try {
            repo.backend().loadInto(new Handle(FileType.PACK, pack.hex()), 0, size, data);
        } catch (IOException e) {
            errors.add(name + ": cannot be read: " + e.getMessage());
            markAll(expected);
            return 0;
        }
        if (!Id.hash(data, 0, size).equals(pack)) {
            errors.add(name + ": content does not match its name (hash mismatch): the pack is damaged");
        }
        List<PackedBlob> header;
        try {
            // the header length is in the pack's last four bytes; the buffer may be longer than the pack
            int hlen =
                    PackHeader.encryptedHeaderLength(Arrays.copyOfRange(data, Math.max(0, size - 4), size), size, name);
            byte[] enc = Arrays.copyOfRange(data, size - 4 - hlen, size - 4);
            header = PackHeader.decode(repo.crypto(), enc, size, name);
        } catch (IOException e) {
            // the blobs are still where the index says: verify them one by one, so only damaged ones count as lost
            errors.add(name + ": header cannot be read: " + e.getMessage());
            header = expected == null ? List.of() : expected;
        }
        if (expected != null && !new HashSet<>(header).equals(new HashSet<>(expected))) {
            errors.add(name + ": header does not match the index");
        }
        BlobScratch scratch = scratches.poll();
        if (scratch == null) {
            scratch = new BlobScratch();
        }
        try {
            return verifyBlobs(pack, name, data, size, header, scratch);
        } finally {
            scratches.offer(scratch);
        }
    }

    private int verifyBlobs(Id pack, String name, byte[] data, int size, List<PackedBlob> header, BlobScratch scratch) {
        int n = 0;
        for (PackedBlob b : header) {
            n++;
            if (b.offset() + b.length() > size) {
                errors.add(name + ": " + b.type().jsonName() + " blob " + b.id().hex() + " lies beyond the end");
                badBlobs.add(b.id());
                continue;
            }
            try {
                BlobLocation loc =
                        new BlobLocation(pack, b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength());
                repo.loader().decodeInto(loc, data, (int) b.offset(), scratch);
            } catch (IOException e) {
                errors.add(
                        name + ": " + b.type().jsonName() + " blob " + b.id().hex() + " is damaged: " + e.getMessage());
                badBlobs.add(b.id());
            }
        }
        return n;
    }

    private void markAll(@org.jspecify.annotations.Nullable List<PackedBlob> blobs) {
        if (blobs != null) {
            blobs.forEach(b -> badBlobs.add(b.id()));
        }
    }
}
