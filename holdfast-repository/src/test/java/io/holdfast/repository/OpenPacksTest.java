package io.holdfast.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.pack.PackHeader;
import io.holdfast.format.pack.PackWriter;
import io.holdfast.format.pack.PackedBlob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OpenPacksTest {
    private final Crypto crypto = new Crypto(MasterKey.random());
    private final List<List<PackedBlob>> abandoned = new CopyOnWriteArrayList<>();

    private OpenPacks packs(int packSize, int capacity, int initialBuffer) {
        return new OpenPacks(
                crypto,
                packSize,
                capacity,
                type -> new PackWriter(initialBuffer),
                (blobs, cause) -> abandoned.add(blobs));
    }

    /** Saves {@code blob} as a blob of {@code type}: reserve, encrypt into the room, written. */
    private void save(OpenPacks packs, BlobType type, byte[] blob, List<PackWriter.Finished> finished)
            throws Exception {
        List<PackWriter.Finished> closed = new ArrayList<>();
        int len = blob.length + Crypto.OVERHEAD;
        OpenPacks.Room room = packs.reserve(type, Id.hash(blob), len, 0, closed);
        crypto.encrypt(blob, 0, blob.length, room.buffer(), room.offset());
        PackWriter.Finished done = packs.written(type, room, null);
        synchronized (finished) {
            finished.addAll(closed);
            if (done != null) {
                finished.add(done);
            }
        }
    }

    /** Saves every blob of {@code blobs} on {@code threads} threads at once; returns the packs finished. */
    private List<PackWriter.Finished> saveConcurrently(OpenPacks packs, BlobType type, List<byte[]> blobs, int threads)
            throws Exception {
        List<PackWriter.Finished> finished = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (byte[] b : blobs) {
                futures.add(pool.submit(() -> {
                    save(packs, type, b, finished);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return finished;
    }

    /** Every blob of every pack, decrypted from the pack's bytes at the offset its header gives, by id. */
    private Map<Id, byte[]> contents(List<PackWriter.Finished> finished, int capacity) throws Exception {
        Map<Id, byte[]> found = new HashMap<>();
        for (PackWriter.Finished f : finished) {
            byte[] pack = Arrays.copyOf(f.bytes(), f.length());
            assertThat(Id.hash(pack)).isEqualTo(f.id());
            byte[] tail = Arrays.copyOfRange(pack, pack.length - 4, pack.length);
            int headerLength = PackHeader.encryptedHeaderLength(tail, pack.length, f.id().hex());
            byte[] header = Arrays.copyOfRange(pack, pack.length - 4 - headerLength, pack.length - 4);
            List<PackedBlob> blobs = PackHeader.decode(crypto, header, pack.length, f.id().hex());
            assertThat(blobs).isEqualTo(f.blobs());
            for (PackedBlob b : blobs) {
                byte[] plain = crypto.decrypt(pack, (int) b.offset(), b.length(), "blob");
                assertThat(Id.hash(plain)).isEqualTo(b.id());
                assertThat(found.put(b.id(), plain)).as("blob stored once").isNull();
            }
            if (capacity > 0) {
                assertThat(f.length()).isLessThanOrEqualTo(capacity);
            }
        }
        return found;
    }

    private static List<byte[]> blobs(int count, int maxSize, long seed) {
        Random r = new Random(seed);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[1 + r.nextInt(maxSize)];
            r.nextBytes(b);
            blobs.add(b);
        }
        return blobs;
    }

    @Test
    void threadsEncryptingIntoOnePackSideBySideProduceWholePacksWithinTheirCapacity() throws Exception {
        int packSize = 256 << 10;
        int capacity = packSize + (32 << 10);
        OpenPacks packs = packs(packSize, capacity, capacity);
        List<byte[]> blobs = blobs(2_000, 30_000, 1);
        List<PackWriter.Finished> finished = saveConcurrently(packs, BlobType.DATA, blobs, 8);
        finished.addAll(packs.closeAll());

        Map<Id, byte[]> found = contents(finished, capacity);
        assertThat(found).hasSize(blobs.size());
        for (byte[] b : blobs) {
            assertThat(found.get(Id.hash(b))).isEqualTo(b);
        }
        assertThat(abandoned).isEmpty();
        // every pack but the last was finished on reaching the pack size (the capacity leaves room for any blob)
        assertThat(finished.stream().filter(f -> f.length() < packSize)).hasSizeLessThanOrEqualTo(1);
    }

    /** A blob that would take a pack past its capacity starts the next pack instead of growing the buffer. */
    @Test
    void aBlobThatWouldOverfillAPackStartsTheNextOne() throws Exception {
        OpenPacks packs = packs(1000, 1200, 1200);
        List<PackWriter.Finished> finished = new ArrayList<>();
        save(packs, BlobType.DATA, new byte[700], finished);
        assertThat(finished).isEmpty();
        save(packs, BlobType.DATA, "x".repeat(500).getBytes(StandardCharsets.UTF_8), finished);
        assertThat(finished).hasSize(1); // the first pack, closed before the second blob
        assertThat(finished.getFirst().blobs()).hasSize(1);
        assertThat(finished.getFirst().bytes()).hasSize(1200); // its buffer never grew
        finished.addAll(packs.closeAll());
        assertThat(contents(finished, 1200)).hasSize(2);
    }

    /**
     * Tree packs start with a small buffer: a blob that does not fit waits until the blobs being written into the
     * buffer are done before it grows, so no thread writes into an array the pack has left behind.
     */
    @Test
    void aBufferGrowsOnlyWhenNoBlobIsBeingWrittenIntoIt() throws Exception {
        OpenPacks packs = packs(1 << 20, (1 << 20) + 4096, 1024);
        List<byte[]> blobs = blobs(600, 9_000, 2);
        List<PackWriter.Finished> finished = saveConcurrently(packs, BlobType.TREE, blobs, 6);
        finished.addAll(packs.closeAll());
        Map<Id, byte[]> found = contents(finished, 0);
        assertThat(found).hasSize(blobs.size());
        for (byte[] b : blobs) {
            assertThat(found.get(Id.hash(b))).isEqualTo(b);
        }
    }

    /** A pack one of whose blobs could not be written is never finished; its blobs go to the callback. */
    @Test
    void aPackWithABlobThatFailedIsAbandonedOnceItsOtherBlobsAreWritten() throws Exception {
        OpenPacks packs = packs(1000, 1200, 1200);
        List<PackWriter.Finished> closed = new ArrayList<>();
        OpenPacks.Room first = packs.reserve(BlobType.DATA, Id.hash(new byte[] {1}), 300, 0, closed);
        OpenPacks.Room second = packs.reserve(BlobType.DATA, Id.hash(new byte[] {2}), 300, 0, closed);
        assertThat(packs.written(BlobType.DATA, second, new IllegalStateException("encryption failed")))
                .isNull();
        // the damaged pack takes no more blobs: the next one starts a new pack
        byte[] after = {4, 4};
        OpenPacks.Room third = packs.reserve(BlobType.DATA, Id.hash(after), after.length + Crypto.OVERHEAD, 0, closed);
        assertThat(third.pack()).isNotSameAs(first.pack());
        crypto.encrypt(after, 0, after.length, third.buffer(), third.offset());
        assertThat(packs.written(BlobType.DATA, third, null)).isNull();
        assertThat(abandoned).isEmpty(); // the first blob is still being written
        List<PackWriter.Finished> finished = new ArrayList<>(packs.closeAll()); // the pack of the third blob only
        assertThat(packs.written(BlobType.DATA, first, null)).isNull();
        assertThat(abandoned).hasSize(1);
        assertThat(abandoned.getFirst())
                .extracting(PackedBlob::id)
                .containsExactly(Id.hash(new byte[] {1}), Id.hash(new byte[] {2}));
        save(packs, BlobType.DATA, new byte[] {3}, finished);
        finished.addAll(packs.closeAll());
        assertThat(contents(finished, 1200)).containsOnlyKeys(Id.hash(after), Id.hash(new byte[] {3}));
    }

    @Test
    void closingWhileABlobIsBeingWrittenLeavesTheFinishToThatBlob() throws Exception {
        OpenPacks packs = packs(1000, 1200, 1200);
        List<PackWriter.Finished> closed = new ArrayList<>();
        byte[] blob = {7, 7, 7};
        OpenPacks.Room room = packs.reserve(BlobType.DATA, Id.hash(blob), blob.length + Crypto.OVERHEAD, 0, closed);
        assertThat(packs.closeAll()).isEmpty();
        crypto.encrypt(blob, 0, blob.length, room.buffer(), room.offset());
        PackWriter.Finished done = packs.written(BlobType.DATA, room, null);
        assertThat(done).isNotNull();
        assertThat(contents(List.of(done), 1200)).containsOnlyKeys(Id.hash(blob));
    }
}
