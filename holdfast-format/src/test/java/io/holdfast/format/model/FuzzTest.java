package io.holdfast.format.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/**
 * Random mutations of valid model files of every format: detection must return a layout whose extents are in bounds
 * and disjoint, return empty, or throw {@link InvalidModelException}; never another exception, an OutOfMemoryError or
 * a hang.
 */
class FuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            new Safetensors()
                    .add("w", "BF16", new long[] {4, 8}, new byte[64])
                    .add("b", "F32", new long[] {8}, new byte[32])
                    .build(),
            TestModels.gguf(),
            TestModels.npy("<f4", "2, 3", 24),
            TestModels.npz(),
            TestModels.pytorch(),
            TestModels.pytorchNamed(),
            TestModels.onnx());

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 600)
    void mutatedHeadersFailCleanly(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        byte[] f = SEEDS.get(r.nextInt(SEEDS.size())).clone();
        byte[] m = mutate(f, r);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> check(m));
    }

    private static void check(byte[] m) throws Exception {
        Optional<ModelLayout> l;
        try {
            l = ModelFiles.detect(ModelSource.of("fuzz", m));
        } catch (InvalidModelException e) {
            assertThat(e.getMessage()).startsWith("fuzz: ");
            return;
        }
        if (l.isPresent()) {
            long end = 0;
            for (TensorExtent t : l.get().tensors()) {
                if (t.length() == 0) {
                    continue;
                }
                assertThat(t.offset()).isGreaterThanOrEqualTo(end);
                assertThat(t.end()).isLessThanOrEqualTo(m.length);
                end = Math.max(end, t.end());
            }
        }
    }

    static byte[] mutate(byte[] f, Random r) {
        int kind = r.nextInt(5);
        int at = r.nextInt(Math.max(1, Math.min(f.length, 200)));
        switch (kind) {
            case 0 -> f[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> {
                for (int i = 0; i < 8 && at + i < f.length; i++) {
                    f[at + i] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt());
                }
            }
            case 2 -> f = Arrays.copyOf(f, r.nextInt(f.length + 1));
            case 3 -> {
                for (int i = 0; i < 1 + r.nextInt(6); i++) {
                    f[r.nextInt(f.length)] = (byte) r.nextInt();
                }
            }
            default -> {
                byte[] g = new byte[f.length + 1 + r.nextInt(16)];
                System.arraycopy(f, 0, g, 0, at);
                System.arraycopy(f, at, g, g.length - (f.length - at), f.length - at);
                f = g;
            }
        }
        return f;
    }
}
