package io.holdfast.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** zstd through the pooled contexts: every mode round-trips, threads do not mix contexts, damage is reported. */
class CompressionTest {
    private static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        String[] words = {"tensor", "shard", "prompt", "weight", "gradient", "epoch", "token"};
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(100)).append(' ');
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void everyModeRoundTripsAndShrinksText() throws Exception {
        byte[] plain = text(200_000, 1);
        for (Compression c : List.of(Compression.FASTEST, Compression.AUTO, Compression.MAX)) {
            byte[] packed = c.compress(plain, 0, plain.length);
            assertThat(packed).as(c.name()).isNotNull();
            assertThat(packed.length).as(c.name()).isLessThan(plain.length / 2);
            assertThat(Compression.decompress(packed, 0, packed.length, plain.length, "t"))
                    .isEqualTo(plain);
            assertThat(Compression.decompress(packed, 0, packed.length, "t")).isEqualTo(plain);
        }
        assertThat(Compression.OFF.compress(plain, 0, plain.length)).isNull();
    }

    /**
     * A frame of unknown length is read in one call when its header states its size and as a stream when it does not
     * (a streaming writer leaves it out) or when more than one frame follows: each way, the same bytes.
     */
    @Test
    void framesOfUnknownLengthReadWithAndWithoutAContentSize() throws Exception {
        byte[] plain = text(300_000, 4);
        byte[] sized = Compression.AUTO.compress(plain, 0, plain.length);
        assertThat(sized).isNotNull();
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(sized)).isEqualTo(plain.length);
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        try (com.github.luben.zstd.ZstdOutputStream out = new com.github.luben.zstd.ZstdOutputStream(streamed)) {
            out.write(plain);
        }
        byte[] unsized = streamed.toByteArray();
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(unsized)).isNegative();
        byte[] twoFrames = new byte[sized.length * 2];
        System.arraycopy(sized, 0, twoFrames, 0, sized.length);
        System.arraycopy(sized, 0, twoFrames, sized.length, sized.length);
        byte[] doubled = new byte[plain.length * 2];
        System.arraycopy(plain, 0, doubled, 0, plain.length);
        System.arraycopy(plain, 0, doubled, plain.length, plain.length);

        assertThat(Compression.decompress(sized, 0, sized.length, "s")).isEqualTo(plain);
        assertThat(Compression.decompress(unsized, 0, unsized.length, "u")).isEqualTo(plain);
        assertThat(Compression.decompress(twoFrames, 0, twoFrames.length, "t")).isEqualTo(doubled);
        byte[] truncated = java.util.Arrays.copyOf(sized, sized.length - 10);
        assertThatThrownBy(() -> Compression.decompress(truncated, 0, truncated.length, "snapshot x"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("snapshot x");
    }

    @Test
    void incompressibleDataIsLeftAloneUnlessAlways() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(2).nextBytes(noise);
        assertThat(Compression.AUTO.compress(noise, 0, noise.length)).isNull();
        byte[] always = Compression.AUTO.compressAlways(noise, 0, noise.length);
        assertThat(always).isNotNull();
        assertThat(Compression.decompress(always, 0, always.length, noise.length, "n"))
                .isEqualTo(noise);
    }

    @Test
    void manyThreadsAtOnceGetTheirOwnResults() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int seed = i;
                results.add(pool.submit(() -> {
                    byte[] plain = text(1_000 + seed * 97, seed);
                    Compression c = Compression.values()[1 + seed % 3];
                    byte[] packed = c.compressAlways(plain, 0, plain.length);
                    return java.util.Arrays.equals(
                            plain, Compression.decompress(packed, 0, packed.length, plain.length, "m"));
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        }
    }

    @Test
    void damagedFramesAndWrongLengthsAreCorruptData() throws Exception {
        byte[] plain = text(50_000, 3);
        byte[] packed = Compression.AUTO.compress(plain, 0, plain.length);
        assertThat(packed).isNotNull();
        byte[] damaged = packed.clone();
        damaged[0] ^= 0x55; // the frame magic
        assertThatThrownBy(() -> Compression.decompress(damaged, 0, damaged.length, plain.length, "blob x"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("blob x");
        assertThatThrownBy(() -> Compression.decompress(packed, 0, packed.length, plain.length - 1, "blob y"))
                .isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> Compression.decompress(packed, 0, packed.length, plain.length + 1, "blob z"))
                .isInstanceOf(CorruptDataException.class);
        byte[] roundTrip = Compression.decompress(packed, 0, packed.length, plain.length, "ok");
        assertThat(roundTrip).isEqualTo(plain);
    }
}
