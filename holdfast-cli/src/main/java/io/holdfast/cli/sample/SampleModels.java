package io.holdfast.cli.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The tensors of a tiny two-layer transformer (about 8 MiB), and a fine-tuned variant in which about a tenth of the
 * bytes differ: the kind of near-duplicate checkpoint that deduplication pays off on.
 */
final class SampleModels {
    private static final int VOCAB = 4096;
    private static final int HIDDEN = 256;
    private static final int MLP = 1024;

    /** The tensors fine-tuning changes: 0.77 MiB of the 8.0 MiB. */
    static final Set<String> FINE_TUNED = Set.of(
            "layers.0.norm.weight", "layers.1.attn.out.weight", "layers.1.mlp.up.weight", "layers.1.norm.weight");

    private record Spec(String name, String dtype, long... shape) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("embed.weight", "F16", VOCAB, HIDDEN),
            new Spec("layers.0.attn.qkv.weight", "F32", 3 * HIDDEN, HIDDEN),
            new Spec("layers.0.attn.out.weight", "F32", HIDDEN, HIDDEN),
            new Spec("layers.0.mlp.up.weight", "F16", MLP, HIDDEN),
            new Spec("layers.0.mlp.down.weight", "F16", HIDDEN, MLP),
            new Spec("layers.0.norm.weight", "F32", HIDDEN),
            new Spec("layers.1.attn.qkv.weight", "F32", 3 * HIDDEN, HIDDEN),
            new Spec("layers.1.attn.out.weight", "F32", HIDDEN, HIDDEN),
            new Spec("layers.1.mlp.up.weight", "F16", MLP, HIDDEN),
            new Spec("layers.1.mlp.down.weight", "F16", HIDDEN, MLP),
            new Spec("layers.1.norm.weight", "F32", HIDDEN),
            new Spec("lm_head.weight", "F16", VOCAB, HIDDEN));

    private SampleModels() {}

    /** The tensors; with {@code fineTuned}, those in {@link #FINE_TUNED} carry a small update. */
    static List<Safetensors.Tensor> tensors(long seed, boolean fineTuned) {
        List<Safetensors.Tensor> tensors = new ArrayList<>(SPECS.size());
        for (int i = 0; i < SPECS.size(); i++) {
            Spec spec = SPECS.get(i);
            Random base = new Random(seed * 1_000_003L + i);
            Random update = fineTuned && FINE_TUNED.contains(spec.name()) ? new Random(seed * 7_919L + i) : null;
            boolean norm = spec.name().endsWith("norm.weight");
            long count = 1;
            for (long dimension : spec.shape()) {
                count *= dimension;
            }
            ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(count * Safetensors.elementSize(spec.dtype())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (long e = 0; e < count; e++) {
                float value = (float) (norm ? 1 + 0.05 * base.nextGaussian() : 0.02 * base.nextGaussian());
                if (update != null) {
                    value += (float) (0.002 * update.nextGaussian());
                }
                if (spec.dtype().equals("F16")) {
                    data.putShort(Float.floatToFloat16(value));
                } else {
                    data.putFloat(value);
                }
            }
            tensors.add(new Safetensors.Tensor(spec.name(), spec.dtype(), spec.shape(), data.array()));
        }
        return tensors;
    }
}
