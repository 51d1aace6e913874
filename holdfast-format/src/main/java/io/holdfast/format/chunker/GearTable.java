package io.holdfast.format.chunker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The 256 random 64-bit gear values of a FastCDC chunker, derived from a seed with SplitMix64 as documented at {@link
 * ChunkerSpec#DEFAULT_FASTCDC_SEED}. The derivation must never change: it defines where chunks are cut.
 */
final class GearTable {
    private static final ConcurrentMap<Long, long[]> CACHE = new ConcurrentHashMap<>();

    private GearTable() {}

    /** The shared (do not modify) table of {@code seed}. */
    static long[] of(long seed) {
        return CACHE.computeIfAbsent(seed, GearTable::derive);
    }

    static long[] derive(long seed) {
        long[] gear = new long[256];
        long state = seed;
        for (int i = 0; i < gear.length; i++) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            gear[i] = z ^ (z >>> 31);
        }
        return gear;
    }
}
