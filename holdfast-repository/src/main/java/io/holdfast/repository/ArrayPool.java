package io.holdfast.repository;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Byte arrays handed back after use and handed out again, for buffers of up to a pack that a command needs one of per
 * task running (restore's pack ranges, {@code check}'s packs): allocating them afresh let G1 grow the heap with the
 * bytes read (design.md §22). Thread-safe; holds at most as many arrays as were ever in use at once.
 */
public final class ArrayPool {
    private static final long ROUND = 1 << 20;

    /** The largest array the JVM allocates. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    /** A recycled array of at least {@code length} bytes, or a new one of {@code length} rounded up to whole MiB. */
    public byte[] take(int length) {
        byte[] b = free.poll();
        return b != null && b.length >= length ? b : new byte[rounded(length)];
    }

    /** Hands {@code array} back for a later {@link #take}. */
    public void give(byte[] array) {
        free.offer(array);
    }

    /** {@code length} rounded up to whole MiB, at most {@link #MAX_ARRAY}: fewer arrays outgrown and replaced. */
    static int rounded(int length) {
        return (int) Math.min(MAX_ARRAY, (length + ROUND - 1) / ROUND * ROUND);
    }
}
