package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackHeader;
import io.holdfast.format.pack.PackedBlob;
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
                blobs.addAndGet(verifyPack(pack, expected));
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

    private int verifyPack(Id pack, @org.jspecify.annotations.Nullable List<PackedBlob> expected) {
        String name = "pack " + pack.hex();
        byte[] data;
        try {
            data = repo.backend().load(new Handle(FileType.PACK, pack.hex()));
        } catch (IOException e) {
            errors.add(name + ": cannot be read: " + e.getMessage());
            markAll(expected);
            return 0;
        }
        if (!Id.hash(data).equals(pack)) {
            errors.add(name + ": content does not match its name (hash mismatch): the pack is damaged");
        }
        List<PackedBlob> header;
        try {
            int hlen = PackHeader.encryptedHeaderLength(data, data.length, name);
            byte[] enc = Arrays.copyOfRange(data, data.length - 4 - hlen, data.length - 4);
            header = PackHeader.decode(repo.crypto(), enc, data.length, name);
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
            return verifyBlobs(pack, name, data, header, scratch);
        } finally {
            scratches.offer(scratch);
        }
    }

    private int verifyBlobs(Id pack, String name, byte[] data, List<PackedBlob> header, BlobScratch scratch) {
        int n = 0;
        for (PackedBlob b : header) {
            n++;
            if (b.offset() + b.length() > data.length) {
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
