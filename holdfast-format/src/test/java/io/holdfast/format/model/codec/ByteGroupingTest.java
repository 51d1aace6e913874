package io.holdfast.format.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The 2-byte plane kernels of {@link BitPermute} agree byte for byte with the portable ones of {@link ByteGrouping}
 * and with a plain definition, whichever of them this machine uses, at every length and offset; and the processor
 * detection reads Linux's cpuinfo as intended.
 */
class ByteGroupingTest {
    @Property(tries = 200)
    void bitPermuteKernelsMatchTheDefinition(
            @ForAll @IntRange(min = 0, max = 300) int count,
            @ForAll @IntRange(min = 0, max = 9) int off,
            @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] src = new byte[off + 2 * count];
        byte[] base = new byte[off + 2 * count];
        r.nextBytes(src);
        r.nextBytes(base);
        byte[] expected = new byte[2 * count]; // planes of src ^ base, by definition
        for (int i = 0; i < count; i++) {
            expected[i] = (byte) (src[off + 2 * i] ^ base[off + 2 * i]);
            expected[count + i] = (byte) (src[off + 2 * i + 1] ^ base[off + 2 * i + 1]);
        }
        byte[] planes = new byte[2 * count];
        BitPermute.split2(src, off, base, off, count, planes);
        assertThat(planes).isEqualTo(expected);
        byte[] portable = new byte[2 * count];
        ByteGrouping.split2(src, off, base, off, count, portable);
        assertThat(portable).isEqualTo(expected);
        byte[] dispatched = new byte[2 * count];
        ByteGrouping.splitOfXor(src, off, base, off, 2 * count, 2, dispatched);
        assertThat(dispatched).isEqualTo(expected);

        byte[] plainPlanes = new byte[2 * count];
        BitPermute.split2(src, off, null, 0, count, plainPlanes);
        byte[] merged = new byte[off + 2 * count];
        BitPermute.merge2(plainPlanes, null, count, merged, off);
        assertThat(java.util.Arrays.copyOfRange(merged, off, merged.length))
                .isEqualTo(java.util.Arrays.copyOfRange(src, off, src.length));
        byte[] mergedPortable = new byte[off + 2 * count];
        ByteGrouping.merge2(plainPlanes, null, count, mergedPortable, off);
        assertThat(mergedPortable).isEqualTo(merged);

        // merge of XORed planes: planes of (src ^ base) XOR planes of base gives src back
        byte[] basePlanes = new byte[2 * count];
        BitPermute.split2(base, off, null, 0, count, basePlanes);
        byte[] fused = new byte[off + 2 * count];
        BitPermute.merge2(planes, basePlanes, count, fused, off);
        assertThat(java.util.Arrays.copyOfRange(fused, off, fused.length))
                .isEqualTo(java.util.Arrays.copyOfRange(src, off, src.length));
        byte[] fusedPortable = new byte[off + 2 * count];
        ByteGrouping.merge2(planes, basePlanes, count, fusedPortable, off);
        assertThat(fusedPortable).isEqualTo(fused);
        byte[] fusedDispatched = new byte[off + 2 * count];
        ByteGrouping.mergeOfXor(planes, basePlanes, 2 * count, 2, fusedDispatched, off);
        assertThat(fusedDispatched).isEqualTo(fused);
    }

    @Test
    void fastBitPermutesOnIntelAndOnAmdFromZen3Only() {
        String intel =
                "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: fpu sse2 avx2 bmi2 sha_ni\n";
        String zen2 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\nflags\t\t: fpu avx2 bmi2\n";
        String zen4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nflags\t\t: fpu avx2 bmi2\n";
        String noBmi2 = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: fpu sse2 bmi1\n";
        assertThat(BitPermute.fastOn(intel)).isTrue();
        assertThat(BitPermute.fastOn(zen2)).isFalse();
        assertThat(BitPermute.fastOn(zen4)).isTrue();
        assertThat(BitPermute.fastOn(noBmi2)).isFalse();
        assertThat(BitPermute.fastOn("")).isFalse();
    }
}
