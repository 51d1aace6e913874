package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.PackFiles;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies blobs out of packs into new ones: each pack is read whole, each wanted blob in it is decrypted, decompressed
 * and hashed (so damage is never copied), then saved again through the {@link BlobSaver}, which compresses it with the
 * repository's setting and packs it with others of its type. A blob held by several of the packs is copied once. Packs
 * are processed in parallel on the repository's workers. The caller flushes the saver.
 */
final class Repacker {
    private final Repository repo;
    private final MaintenanceProgress progress;

    Repacker(Repository repo, MaintenanceProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /**
     * What a copy did.
     *
     * @param copied blobs saved into new packs
     * @param copiedBytes their plaintext bytes
     * @param left wanted blobs not copied: in none of the packs, or damaged in every pack read
     * @param problems one line per unreadable pack or damaged blob
     */
    record Outcome(long copied, long copiedBytes, Set<BlobRef> left, List<String> problems) {}

    /**
     * Copies the {@code wanted} blobs found in {@code packs} (each with its index entries).
     *
     * @param sizes the packs' stored sizes, for progress
     */
    Outcome copy(Map<Id, List<PackedBlob>> packs, Map<Id, Long> sizes, Set<BlobRef> wanted) throws IOException {
        Set<BlobRef> left = ConcurrentHashMap.newKeySet();
        left.addAll(wanted);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong copied = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        BlobSaver saver = repo.blobSaver();
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<Id, List<PackedBlob>> e : packs.entrySet()) {
            long size = sizes.getOrDefault(e.getKey(), 0L);
            progress.total(size);
            futures.add(repo.workers().submit(() -> {
                copyPack(e.getKey(), e.getValue(), left, problems, saver, copied, bytes);
                progress.done(size);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            Executors2.await(f);
        }
        return new Outcome(copied.get(), bytes.get(), Set.copyOf(left), List.copyOf(problems));
    }

    private void copyPack(
            Id pack,
            List<PackedBlob> entries,
            Set<BlobRef> left,
            List<String> problems,
            BlobSaver saver,
            AtomicLong copied,
            AtomicLong bytes)
            throws IOException {
        if (entries.stream().noneMatch(b -> left.contains(BlobRef.of(b)))) {
            return;
        }
        byte[] data;
        try {
            data = repo.backend().load(PackFiles.handle(pack));
        } catch (IOException e) {
            problems.add("pack " + pack.hex() + ": cannot be read: " + e.getMessage());
            return;
        }
        for (PackedBlob b : entries) {
            BlobRef ref = BlobRef.of(b);
            if (!left.contains(ref)) {
                continue;
            }
            if (b.offset() + b.length() > data.length) {
                problems.add("pack " + pack.hex() + ": " + ref + " lies beyond the end of the pack");
                continue;
            }
            byte[] plain;
            try {
                BlobLocation loc =
                        new BlobLocation(pack, b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength());
                plain = repo.loader().decode(loc, data, (int) b.offset());
            } catch (IOException e) {
                problems.add("pack " + pack.hex() + ": " + ref + " is damaged: " + e.getMessage());
                continue;
            }
            if (left.remove(ref)) {
                saver.saveCopy(b.type(), plain, b.id());
                copied.incrementAndGet();
                bytes.addAndGet(plain.length);
            }
        }
    }
}
