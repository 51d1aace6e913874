package io.holdfast.repository;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.pack.PackWriter;
import io.holdfast.format.pack.PackedBlob;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The packs being filled, one per blob type. A saving thread reserves room for its blob under the type's lock and
 * encrypts the blob straight into the pack's buffer outside it, so threads encrypt side by side and no blob is
 * encrypted into a buffer of its own and copied. A pack is finished (header appended, hashed) by the thread that writes
 * its last reserved blob once it is full.
 *
 * <p>A blob that would take a pack that already holds blobs past {@code capacity} bytes starts the next pack instead:
 * packs then stay within the recycled buffers (before, an 8 MiB chunk arriving at 15.9 MiB grew a pack's buffer to 25
 * MiB, which stayed in the pool, and in {@code check}'s and restore's buffers later). A pack's buffer grows only for a
 * blob that does not fit while nothing else is being written into it (tree packs start small); a thread that needs
 * that waits until the others are done.
 */
final class OpenPacks {
    /** Room reserved for one blob: write its encrypted bytes into {@code buffer} at {@code offset}. */
    record Room(Pack pack, byte[] buffer, int offset) {}

    /** A pack being filled and the rooms in it still being written. */
    static final class Pack {
        private final PackWriter writer;
        private int writing;
        private boolean full;
        private @Nullable RuntimeException damage;

        private Pack(PackWriter writer) {
            this.writer = writer;
        }
    }

    /** Called with the blobs of a pack a failed write left incomplete, which is never finished nor uploaded. */
    @FunctionalInterface
    interface Damaged {
        void abandon(List<PackedBlob> blobs, RuntimeException cause);
    }

    private final Crypto crypto;
    private final int packSize;
    private final int capacity;
    private final Function<BlobType, PackWriter> newWriter;
    private final Damaged damaged;
    private final Object[] locks = {new Object(), new Object()};
    private final @Nullable Pack[] open = new Pack[2];

    /**
     * @param packSize a pack is finished once it reaches this size
     * @param capacity no blob is added to a pack holding blobs if that would take it past this size
     * @param newWriter the writer of a new pack of a type (a recycled buffer of {@code capacity} bytes for data)
     */
    OpenPacks(Crypto crypto, int packSize, int capacity, Function<BlobType, PackWriter> newWriter, Damaged damaged) {
        this.crypto = crypto;
        this.packSize = packSize;
        this.capacity = capacity;
        this.newWriter = newWriter;
        this.damaged = damaged;
    }

    /**
     * Reserves room for a blob of {@code len} encrypted bytes in the open pack of {@code type}; packs this closes and
     * that are complete are added to {@code finished}. Every room must be handed to {@link #written} afterwards.
     *
     * @param uncompressedLength the plaintext length if the blob was compressed, else 0
     */
    Room reserve(BlobType type, Id id, int len, int uncompressedLength, List<PackWriter.Finished> finished)
            throws InterruptedIOException {
        int t = type.ordinal();
        List<Pack> closed = new ArrayList<>(1);
        try {
            return reserve(t, type, id, len, uncompressedLength, closed);
        } finally {
            for (Pack p : closed) { // finished outside the lock: hashing a pack takes milliseconds
                PackWriter.Finished f = finish(p);
                if (f != null) {
                    finished.add(f);
                }
            }
        }
    }

    private Room reserve(int t, BlobType type, Id id, int len, int uncompressedLength, List<Pack> closed)
            throws InterruptedIOException {
        synchronized (locks[t]) {
            while (true) {
                Pack p = open[t];
                if (p != null
                        && p.writer.blobCount() > 0
                        && p.writer.finishedSizeWith(len, uncompressedLength != 0) > capacity) {
                    if (close(t, p)) {
                        closed.add(p);
                    }
                    p = null;
                }
                if (p == null) {
                    p = new Pack(newWriter.apply(type));
                    open[t] = p;
                }
                if (p.writing == 0 || p.writer.fits(len)) {
                    int offset = p.writer.reserve(type, id, len, uncompressedLength);
                    p.writing++;
                    Room room = new Room(p, p.writer.buffer(), offset);
                    if (p.writer.finishedSize() >= packSize) {
                        detach(t, p); // finished by written() once its rooms are written
                    }
                    return room;
                }
                try {
                    locks[t].wait(); // until the rooms being written are done and the buffer may grow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to add a blob to a pack");
                }
            }
        }
    }

    /**
     * Records that {@code room} is written ({@code failure} null) or could not be; returns the pack if this completed
     * a full one, else null. A pack with a failed room takes no more blobs and is handed to the {@link Damaged}
     * callback instead, once its other rooms are written.
     */
    PackWriter.@Nullable Finished written(BlobType type, Room room, @Nullable RuntimeException failure) {
        int t = type.ordinal();
        Pack p = room.pack();
        boolean complete;
        synchronized (locks[t]) {
            if (failure != null && p.damage == null) {
                p.damage = failure;
                if (open[t] == p) {
                    detach(t, p);
                }
            }
            p.writing--;
            complete = p.writing == 0 && p.full;
            if (p.writing == 0) {
                locks[t].notifyAll();
            }
        }
        return complete ? finish(p) : null;
    }

    /**
     * Closes the open packs: returns those that hold blobs and have no room still being written; the others are
     * finished by the {@link #written} of their last room.
     */
    List<PackWriter.Finished> closeAll() {
        List<PackWriter.Finished> finished = new ArrayList<>(2);
        for (int t = 0; t < 2; t++) {
            Pack p;
            synchronized (locks[t]) {
                p = open[t];
                if (p == null || !close(t, p)) {
                    continue;
                }
            }
            PackWriter.Finished f = finish(p);
            if (f != null) {
                finished.add(f);
            }
        }
        return finished;
    }

    /**
     * Detaches the open pack {@code p} of type {@code t} (under its lock); returns whether the caller is to finish it
     * (it holds blobs, none still being written), else the {@link #written} of its last room does.
     */
    private boolean close(int t, Pack p) {
        detach(t, p);
        return p.writing == 0 && p.writer.blobCount() > 0;
    }

    /** Takes {@code p} out of the open slot of type {@code t}, full: it takes no more blobs (under its lock). */
    private void detach(int t, Pack p) {
        open[t] = null;
        p.full = true;
    }

    private PackWriter.@Nullable Finished finish(Pack p) {
        RuntimeException damage = p.damage;
        if (damage != null) {
            damaged.abandon(p.writer.blobs(), damage);
            return null;
        }
        return p.writer.finish(crypto);
    }
}
