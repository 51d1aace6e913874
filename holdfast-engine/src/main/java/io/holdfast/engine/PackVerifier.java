package io.holdfast.engine;

import io.holdfast.format.CorruptDataException;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads packs for {@code check --read-data}: the hash of the file, every blob the index names, and the header against
 * the index. A pack is read from start to end in ranges of whole blobs ({@link PackRanges}) through one buffer per
 * worker, of {@value #LOCAL_WINDOW} bytes for local storage (or the largest blob), and hashed as it is read, so that
 * memory is set by the index and the largest blob rather than by the packs read (an array of the whole pack per
 * worker, 17 MiB each, before); remote storage is read in one request per pack as before.
 */
final class PackVerifier {
    /** The range a local pack is read in; more per read costs memory, less costs system calls. */
    static final int LOCAL_WINDOW = 2 << 20;

    private final Repository repo;
    private final List<String> errors;
    private final Set<Id> badBlobs;
    private final BackupProgress progress;
    private final int window;

    /** Per-worker state, recycled from pack to pack: the read buffer, the decoding buffers, the file's digest. */
    private static final class Work {
        byte[] buffer = new byte[0];
        final BlobScratch scratch = new BlobScratch();
        final MessageDigest sha = Id.newSha256();

        byte[] buffer(int n) {
            if (buffer.length < n) {
                buffer = new byte[n];
            }
            return buffer;
        }
    }

    private final ConcurrentLinkedQueue<Work> works = new ConcurrentLinkedQueue<>();

    PackVerifier(Repository repo, List<String> errors, Set<Id> badBlobs, BackupProgress progress) {
        this(
                repo,
                errors,
                badBlobs,
                progress,
                repo.backend().properties().local() ? LOCAL_WINDOW : ArrayPool.MAX_ARRAY);
    }

    PackVerifier(Repository repo, List<String> errors, Set<Id> badBlobs, BackupProgress progress, int window) {
        this.repo = repo;
        this.errors = errors;
        this.badBlobs = badBlobs;
        this.progress = progress;
        this.window = window;
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
            List<PackedBlob> expected = indexed.getOrDefault(pack, List.of());
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

    /** Verifies one pack of {@code size} bytes that the index says holds {@code expected}; the blobs checked. */
    int verifyPack(Id pack, long size, List<PackedBlob> expected) {
        String name = "pack " + pack.hex();
        Handle handle = new Handle(FileType.PACK, pack.hex());
        PackRanges plan = PackRanges.plan(expected, size, window);
        if (plan.longest() > ArrayPool.MAX_ARRAY) {
            errors.add(name + ": cannot be read: a range of " + plan.longest() + " bytes is too long to load at once");
            markAll(expected);
            return 0;
        }
        for (PackedBlob b : plan.beyond()) {
            errors.add(name + ": " + b.type().jsonName() + " blob " + b.id().hex() + " lies beyond the end");
            badBlobs.add(b.id());
        }
        Work work = works.poll();
        if (work == null) {
            work = new Work();
        }
        try {
            byte[] buf = work.buffer((int) plan.longest());
            MessageDigest sha = work.sha;
            sha.reset();
            PackRanges.Range last = null;
            for (PackRanges.Range r : plan.ranges()) {
                repo.backend().loadInto(handle, r.start(), r.length(), buf);
                sha.update(buf, 0, r.length());
                for (PackedBlob b : r.blobs()) {
                    verifyBlob(pack, name, b, buf, (int) (b.offset() - r.start()), work.scratch);
                }
                last = r;
            }
            for (PackedBlob b : plan.strays()) {
                byte[] bytes = repo.backend().load(handle, b.offset(), b.length());
                verifyBlob(pack, name, b, bytes, 0, work.scratch);
            }
            if (!Id.of(sha.digest()).equals(pack)) {
                errors.add(name + ": content does not match its name (hash mismatch): the pack is damaged");
            }
            checkHeader(handle, name, size, expected, last, buf);
        } catch (IOException e) {
            errors.add(name + ": cannot be read: " + e.getMessage());
            markAll(expected);
            return 0;
        } finally {
            works.offer(work);
        }
        return expected.size();
    }

    /**
     * Decodes the header (from the last range read, {@code tail}, still in {@code buf}, when it holds it) and compares
     * it with the index.
     */
    private void checkHeader(
            Handle handle,
            String name,
            long size,
            List<PackedBlob> expected,
            PackRanges.@Nullable Range tail,
            byte[] buf)
            throws IOException {
        List<PackedBlob> header;
        try {
            int tailLength = tail == null ? 0 : tail.length();
            byte[] last4 = tailLength >= 4
                    ? Arrays.copyOfRange(buf, tailLength - 4, tailLength)
                    : repo.backend().load(handle, Math.max(0, size - 4), (int) Math.min(4, size));
            int hlen = PackHeader.encryptedHeaderLength(last4, size, name);
            byte[] enc = hlen + 4 <= tailLength
                    ? Arrays.copyOfRange(buf, tailLength - 4 - hlen, tailLength - 4)
                    : repo.backend().load(handle, size - 4 - hlen, hlen);
            header = PackHeader.decode(repo.crypto(), enc, size, name);
        } catch (CorruptDataException e) {
            // the blobs were verified where the index says, so only damaged ones count as lost
            errors.add(name + ": header cannot be read: " + e.getMessage());
            return;
        }
        if (!new HashSet<>(header).equals(new HashSet<>(expected))) {
            errors.add(name + ": header does not match the index");
        }
    }

    private void verifyBlob(Id pack, String name, PackedBlob b, byte[] data, int off, BlobScratch scratch) {
        try {
            BlobLocation loc = new BlobLocation(pack, b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength());
            repo.loader().decodeInto(loc, data, off, scratch);
        } catch (IOException e) {
            errors.add(name + ": " + b.type().jsonName() + " blob " + b.id().hex() + " is damaged: " + e.getMessage());
            badBlobs.add(b.id());
        }
    }

    private void markAll(List<PackedBlob> blobs) {
        blobs.forEach(b -> badBlobs.add(b.id()));
    }
}
