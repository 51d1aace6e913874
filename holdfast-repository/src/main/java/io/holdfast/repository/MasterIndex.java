package io.holdfast.repository;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory index of every blob in the repository, compact enough for hundreds of millions of blobs: entries are
 * kept in dense primitive arrays (ids as four longs, pack number, offset, lengths, type) with an open-addressing
 * table of entry numbers. Entries are stored in blocks of 8,192 so growth never copies them (the largest block array,
 * the ids, is 256 KiB: below half of G1's smallest region, so no block is a humongous object; blocks of 65,536 made
 * the 2 MiB id arrays take two regions each, 32 bytes per blob of waste); the table is kept
 * between 37.5% and 75% full: 49 bytes per blob for the entry plus 5.3 to 10.7 for the table. A blob stored in several packs is indexed at its first. Thread-safe.
 */
public final class MasterIndex {
    private static final int WORDS = 4;
    private static final int BLOCK_BITS = 13;
    private static final int BLOCK = 1 << BLOCK_BITS;
    private static final int MASK = BLOCK - 1;
    /** The table grows (doubles) when more than this share of its slots is used. */
    private static final double MAX_LOAD = 0.75;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    // entries live in fixed-size blocks, so growing never copies them and wastes at most one partial block
    private long[][] ids = new long[0][];
    private int[][] pack = new int[0][];
    private int[][] offset = new int[0][];
    private int[][] length = new int[0][];
    private int[][] ulen = new int[0][];
    private byte[][] type = new byte[0][];
    private int size;
    private int duplicates;
    private int[] table = new int[1024];

    private final List<Id> packIds = new ArrayList<>();
    private final Map<Id, Integer> packNumbers = new HashMap<>();
    private final Map<BlobKey, Boolean> reserved = new ConcurrentHashMap<>();

    /**
     * A blob's key in the index. Equality and hash written out: a record's are bound through {@code ObjectMethods} on
     * first use, classes spun at start-up that no AOT cache holds (design.md §22), and this pair is the hottest key.
     */
    private record BlobKey(BlobType type, Id id) {
        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof BlobKey k && type == k.type && id.equals(k.id);
        }

        @Override
        public int hashCode() {
            return 31 * id.hashCode() + type.ordinal();
        }
    }

    /** Number of distinct blobs indexed. */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of blob entries seen again in another pack and not indexed twice. */
    public int duplicates() {
        lock.readLock().lock();
        try {
            return duplicates;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of packs indexed. */
    public int packCount() {
        lock.readLock().lock();
        try {
            return packIds.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the pack is indexed. */
    public boolean hasPack(Id packId) {
        lock.readLock().lock();
        try {
            return packNumbers.containsKey(packId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds the blobs of a pack. */
    public void addPack(Id packId, List<PackedBlob> blobs) {
        lock.writeLock().lock();
        try {
            Integer n = packNumbers.get(packId);
            if (n == null) {
                n = packIds.size();
                packIds.add(packId);
                packNumbers.put(packId, n);
            }
            for (PackedBlob b : blobs) {
                add(n, b);
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (PackedBlob b : blobs) {
            reserved.remove(new BlobKey(b.type(), b.id()));
        }
    }

    private void add(int packNo, PackedBlob b) {
        long w0 = b.id().word(0);
        long w1 = b.id().word(1);
        long w2 = b.id().word(2);
        long w3 = b.id().word(3);
        byte t = (byte) b.type().ordinal();
        if (find(w0, w1, w2, w3, t) >= 0) {
            duplicates++;
            return;
        }
        if (b.offset() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("blob offset beyond 2 GiB in pack " + packIds.get(packNo));
        }
        if ((size & MASK) == 0 && (size >>> BLOCK_BITS) == pack.length) {
            addBlock();
        }
        int e = size++;
        int blk = e >>> BLOCK_BITS;
        int i = e & MASK;
        long[] idb = ids[blk];
        idb[i * WORDS] = w0;
        idb[i * WORDS + 1] = w1;
        idb[i * WORDS + 2] = w2;
        idb[i * WORDS + 3] = w3;
        pack[blk][i] = packNo;
        offset[blk][i] = (int) b.offset();
        length[blk][i] = b.length();
        ulen[blk][i] = b.uncompressedLength();
        type[blk][i] = t;
        if (size > MAX_LOAD * table.length) {
            rehash(table.length * 2);
        } else {
            insert(e);
        }
    }

    private void addBlock() {
        int n = pack.length + 1;
        ids = Arrays.copyOf(ids, n);
        pack = Arrays.copyOf(pack, n);
        offset = Arrays.copyOf(offset, n);
        length = Arrays.copyOf(length, n);
        ulen = Arrays.copyOf(ulen, n);
        type = Arrays.copyOf(type, n);
        ids[n - 1] = new long[BLOCK * WORDS];
        pack[n - 1] = new int[BLOCK];
        offset[n - 1] = new int[BLOCK];
        length[n - 1] = new int[BLOCK];
        ulen[n - 1] = new int[BLOCK];
        type[n - 1] = new byte[BLOCK];
    }

    /** Bytes of heap the blob entries and the table use, for measuring. */
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            long perBlock = (long) BLOCK * (WORDS * 8 + 4 * 4 + 1);
            return pack.length * perBlock + 4L * table.length;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int e = 0; e < size; e++) {
            insert(e);
        }
    }

    private void insert(int e) {
        int mask = table.length - 1;
        int slot = slot(ids[e >>> BLOCK_BITS][(e & MASK) * WORDS]) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = e + 1;
    }

    private static int slot(long w0) {
        return (int) (w0 ^ (w0 >>> 29));
    }

    private int find(long w0, long w1, long w2, long w3, byte t) {
        int mask = table.length - 1;
        int slot = slot(w0) & mask;
        while (true) {
            int e = table[slot] - 1;
            if (e < 0) {
                return -1;
            }
            long[] idb = ids[e >>> BLOCK_BITS];
            int i = e & MASK;
            int b = i * WORDS;
            if (idb[b] == w0
                    && idb[b + 1] == w1
                    && idb[b + 2] == w2
                    && idb[b + 3] == w3
                    && type[e >>> BLOCK_BITS][i] == t) {
                return e;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The blob's location, or null if it is not indexed. */
    public @Nullable BlobLocation lookup(BlobType t, Id id) {
        lock.readLock().lock();
        try {
            int e = find(id.word(0), id.word(1), id.word(2), id.word(3), (byte) t.ordinal());
            return e < 0 ? null : location(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the blob is indexed. */
    public boolean has(BlobType t, Id id) {
        lock.readLock().lock();
        try {
            return find(id.word(0), id.word(1), id.word(2), id.word(3), (byte) t.ordinal()) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Claims the right to store a blob: true if it is neither indexed nor claimed by another writer. A claim ends when
     * the blob's pack is indexed or {@link #release} is called.
     */
    public boolean reserve(BlobType t, Id id) {
        if (has(t, id)) {
            return false;
        }
        return reserved.putIfAbsent(new BlobKey(t, id), Boolean.TRUE) == null && !has(t, id);
    }

    /** Drops a claim made with {@link #reserve} whose blob was not stored. */
    public void release(BlobType t, Id id) {
        reserved.remove(new BlobKey(t, id));
    }

    /**
     * Forgets every pack and blob, e.g. after prune or repair rewrote the index files, so that the next load reads
     * them afresh. Claims made with {@link #reserve} are dropped too.
     */
    public void clear() {
        lock.writeLock().lock();
        try {
            ids = new long[0][];
            pack = new int[0][];
            offset = new int[0][];
            length = new int[0][];
            ulen = new int[0][];
            type = new byte[0][];
            size = 0;
            duplicates = 0;
            table = new int[1024];
            packIds.clear();
            packNumbers.clear();
            reserved.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Calls {@code consumer} for each indexed blob. */
    public void forEach(Consumer<BlobLocation> consumer) {
        List<BlobLocation> all = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (int e = 0; e < size; e++) {
                all.add(location(e));
            }
        } finally {
            lock.readLock().unlock();
        }
        all.forEach(consumer);
    }

    /** The ids of all indexed packs. */
    public List<Id> packs() {
        lock.readLock().lock();
        try {
            return List.copyOf(packIds);
        } finally {
            lock.readLock().unlock();
        }
    }

    private BlobLocation location(int e) {
        int blk = e >>> BLOCK_BITS;
        int i = e & MASK;
        long[] idb = ids[blk];
        int b = i * WORDS;
        Id id = Id.ofWords(idb[b], idb[b + 1], idb[b + 2], idb[b + 3]);
        return new BlobLocation(
                packIds.get(pack[blk][i]),
                BlobType.values()[type[blk][i]],
                id,
                offset[blk][i],
                length[blk][i],
                ulen[blk][i]);
    }
}
