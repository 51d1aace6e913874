package io.holdfast.bench;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.MasterIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the heap the in-memory index takes per blob, as the JVM sees it, not as the index accounts for itself:
 * {@code java -cp benchmarks.jar io.holdfast.bench.IndexMemory [BLOBS] [BLOBS_PER_PACK]} (defaults 10,000,000 and
 * 1,000, about what 1 MiB chunks in 16 MiB packs of mixed small files give). It fills a {@link MasterIndex} with
 * random blob ids spread over packs, and compares the heap in use after full collections before and after; the
 * index stays reachable until after the second measurement. Run it with {@code -XX:+UseG1GC
 * -XX:+UseCompactObjectHeaders}, as the launcher runs Holdfast.
 */
public final class IndexMemory {
    private IndexMemory() {}

    public static void main(String[] args) throws Exception {
        int blobs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000_000;
        int perPack = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        SplittableRandom r = new SplittableRandom(42);
        long before = settledHeap(mem);
        MasterIndex idx = new MasterIndex();
        long t0 = System.nanoTime();
        for (int added = 0; added < blobs; ) {
            int n = Math.min(perPack, blobs - added);
            List<PackedBlob> packBlobs = new ArrayList<>(n);
            long offset = 0;
            for (int i = 0; i < n; i++) {
                int len = 512 * 1024 + r.nextInt(1024 * 1024);
                packBlobs.add(new PackedBlob(BlobType.DATA, randomId(r), offset, len, len + 1024));
                offset += len;
            }
            idx.addPack(randomId(r), packBlobs);
            added += n;
        }
        long fillNanos = System.nanoTime() - t0;
        long after = settledHeap(mem);
        int probes = Math.min(blobs, 1_000_000);
        long t1 = System.nanoTime();
        int falseHits = 0;
        SplittableRandom q = new SplittableRandom(7);
        for (int i = 0; i < probes; i++) {
            if (idx.lookup(BlobType.DATA, randomId(q)) != null) {
                falseHits++;
            }
        }
        long lookupNanos = System.nanoTime() - t1;
        double perBlob = (double) (after - before) / idx.size();
        System.out.printf(
                Locale.ROOT,
                "index of %,d blobs in %,d packs: heap %,d bytes = %.1f bytes per blob (index's own account %.1f);"
                        + " fill %.1f s, %,.0f random misses/s (%d false hits)%n",
                idx.size(),
                idx.packCount(),
                after - before,
                perBlob,
                (double) idx.memoryBytes() / idx.size(),
                fillNanos / 1e9,
                probes / (lookupNanos / 1e9),
                falseHits);
        System.out.printf(
                Locale.ROOT,
                "{\"blobs\":%d,\"heap_bytes\":%d,\"bytes_per_blob\":%.2f}%n",
                idx.size(),
                after - before,
                perBlob);
        java.lang.ref.Reference.reachabilityFence(idx);
    }

    private static long settledHeap(MemoryMXBean mem) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static Id randomId(SplittableRandom r) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return Id.of(b);
    }
}
