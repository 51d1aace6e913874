package io.holdfast.bench;

import io.holdfast.format.Id;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.TensorExtent;
import io.holdfast.format.model.codec.CodecOptions;
import io.holdfast.format.model.codec.TensorBase;
import io.holdfast.format.model.codec.TensorEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A quick in-process measurement of the model codec on real model files, one core:
 * {@code java -cp holdfast-bench.jar io.holdfast.bench.CodecMeasure [--level N] FILE [BASE]} encodes every tensor of
 * FILE (as a delta against the same-named tensor of BASE, if given) and prints the encoded size, the ratio and the
 * encode speed. Whole files are read into memory.
 */
public final class CodecMeasure {
    private CodecMeasure() {}

    private static ModelLayout detect(Path p) throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
            return ModelFiles.detect(io.holdfast.format.model.ModelSource.of(p.toString(), ch))
                    .orElseThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        io.holdfast.repository.CpuKernels.configure(); // the kernels a repository would use on this machine
        int level = 1;
        int i = 0;
        if (args.length > 1 && args[0].equals("--level")) {
            level = Integer.parseInt(args[1]);
            i = 2;
        }
        Path file = Path.of(args[i]);
        Path basePath = args.length > i + 1 ? Path.of(args[i + 1]) : null;
        ModelLayout layout = detect(file);
        byte[] data = Files.readAllBytes(file);
        Map<String, TensorBase> bases = new HashMap<>();
        if (basePath != null) {
            byte[] baseData = Files.readAllBytes(basePath);
            for (TensorExtent t : detect(basePath).tensors()) {
                bases.put(
                        t.name(),
                        new TensorBase(
                                java.util.List.of(Id.hash(t.name().getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                                baseData,
                                (int) t.offset(),
                                (int) t.length()));
            }
        }
        try (TensorEncoder enc = new TensorEncoder(new CodecOptions(level, CodecOptions.DEFAULTS.sampleBytes()))) {
            for (int round = 0; round < 3; round++) {
                long in = 0;
                long out = 0;
                long t0 = System.nanoTime();
                for (TensorExtent t : layout.tensors()) {
                    int width = Math.max(1, Math.min(8, t.dtype().elementBytes()));
                    out += enc.encode(data, (int) t.offset(), (int) t.length(), width, bases.get(t.name())).length;
                    in += t.length();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %d tensors, %d bytes -> %d (%.4f), %.0f MB/s%n",
                        round,
                        layout.tensors().size(),
                        in,
                        out,
                        (double) out / in,
                        in / s / 1e6);
            }
        }
    }
}
