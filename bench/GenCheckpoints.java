/*
 * Generates a deterministic series of safetensors checkpoints, like a training run saves them:
 *
 *   java bench/GenCheckpoints.java OUT_DIR [--bytes N] [--seed S] [--dtype bf16|f32] [--plan]
 *
 * base.safetensors          a decoder-only transformer of about N bytes (default 1 GiB): 22 layers of 9 tensors plus
 *                           embeddings, final norm and LM head (201 tensors), shapes like Llama's (grouped-query
 *                           attention, SwiGLU MLP); matrices bf16 ~ N(0, 0.02), norm weights fp32 ~ 1 + N(0, 0.02);
 *                           with --dtype f32 the matrices are float32 too (a float32-dominated series, as most
 *                           published fine-tunes of small and mid-size models are saved)
 * ft-partial-1.safetensors  base with a random 10% of the tensors fine-tuned (each of their values moved by
 *                           N(0, (1% of 0.02)^2)), the other 90% byte-identical
 * ft-partial-2.safetensors  ft-partial-1 with another random 10% of the tensors fine-tuned
 * ft-full-1.safetensors     base with every tensor fine-tuned (every value moved by 1% of the weights' std)
 * ft-full-2.safetensors     ft-full-1 fine-tuned again, every tensor
 *
 * Every value comes from a SplittableRandom seeded by (seed, variant, tensor, block), so the files are the same
 * on every machine and JDK, and memory stays small (one block of 1 Mi values at a time). --plan prints the shapes
 * and sizes and writes nothing.
 */
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

public class GenCheckpoints {
    static final String[] VARIANTS = {"base", "ft-partial-1", "ft-partial-2", "ft-full-1", "ft-full-2"};
    static final int LAYERS = 22;
    static final int BLOCK = 1 << 20;
    static final double STD = 0.02;
    static final double FT = 0.01 * STD;

    static boolean matricesBf16 = true;

    record Tensor(String name, boolean bf16, long[] shape, boolean norm) {
        long count() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }

        long bytes() {
            return count() * (bf16 ? 2 : 4);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java GenCheckpoints.java OUT_DIR [--bytes N] [--seed S] [--dtype bf16|f32] [--plan]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long target = 1L << 30;
        long seed = 1;
        boolean plan = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> target = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--plan" -> plan = true;
                case "--dtype" -> {
                    String d = args[++i];
                    if (!d.equals("bf16") && !d.equals("f32")) {
                        throw new IllegalArgumentException("--dtype takes bf16 or f32, not " + d);
                    }
                    matricesBf16 = d.equals("bf16");
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Tensor> tensors = shapes(target);
        long total = tensors.stream().mapToLong(Tensor::bytes).sum();
        if (plan) {
            Tensor first = tensors.get(0);
            System.out.printf(Locale.ROOT, "%d tensors, vocabulary %d, hidden size %d, %d bytes of weights%n",
                    tensors.size(), first.shape[0], first.shape[1], total);
            return;
        }
        // which tensors each partial fine-tune touches: a random 10%
        boolean[] p1 = pick(tensors.size(), new SplittableRandom(seed * 1_000_003 + 11));
        boolean[] p2 = pick(tensors.size(), new SplittableRandom(seed * 1_000_003 + 22));
        Files.createDirectories(out);
        OutputStream[] files = new OutputStream[VARIANTS.length];
        for (int v = 0; v < VARIANTS.length; v++) {
            files[v] = new BufferedOutputStream(Files.newOutputStream(out.resolve(VARIANTS[v] + ".safetensors")), 1 << 20);
            files[v].write(header(tensors, VARIANTS[v]));
        }
        float[] base = new float[BLOCK];
        float[] part1 = new float[BLOCK];
        float[] part2 = new float[BLOCK];
        float[] full1 = new float[BLOCK];
        float[] full2 = new float[BLOCK];
        byte[] bytes = new byte[BLOCK * 4];
        for (int t = 0; t < tensors.size(); t++) {
            Tensor ts = tensors.get(t);
            long n = ts.count();
            for (long off = 0, b = 0; off < n; off += BLOCK, b++) {
                int len = (int) Math.min(BLOCK, n - off);
                SplittableRandom r = rng(seed, 0, t, b);
                for (int i = 0; i < len; i++) {
                    base[i] = round(ts, (ts.norm ? 1.0 : 0.0) + r.nextGaussian() * STD);
                }
                tune(ts, base, p1[t] ? part1 : null, len, rng(seed, 1, t, b));
                tune(ts, p1[t] ? part1 : base, p2[t] ? part2 : null, len, rng(seed, 2, t, b));
                tune(ts, base, full1, len, rng(seed, 3, t, b));
                tune(ts, full1, full2, len, rng(seed, 4, t, b));
                write(files[0], ts, base, len, bytes);
                write(files[1], ts, p1[t] ? part1 : base, len, bytes);
                write(files[2], ts, p2[t] ? part2 : (p1[t] ? part1 : base), len, bytes);
                write(files[3], ts, full1, len, bytes);
                write(files[4], ts, full2, len, bytes);
            }
        }
        for (OutputStream f : files) {
            f.close();
        }
        System.out.printf(Locale.ROOT, "%d tensors, %d bytes of weights per file, in %s%n", tensors.size(), total, out);
    }

    /** The tensors of a model of about {@code target} bytes: the hidden size is chosen to fit. */
    static List<Tensor> shapes(long target) {
        long vocab = target >= (256L << 20) ? 32000 : 2048;
        List<Tensor> best = null;
        long bestDiff = Long.MAX_VALUE;
        for (long d = 64; d <= 16384; d += 64) {
            List<Tensor> ts = shapes(vocab, d);
            long diff = Math.abs(ts.stream().mapToLong(Tensor::bytes).sum() - target);
            if (diff < bestDiff) {
                best = ts;
                bestDiff = diff;
            }
        }
        return best;
    }

    static List<Tensor> shapes(long vocab, long d) {
        long kv = d / 4;
        long ffn = (8 * d / 3 + 63) / 64 * 64;
        List<Tensor> ts = new ArrayList<>();
        ts.add(new Tensor("model.embed_tokens.weight", matricesBf16, new long[] {vocab, d}, false));
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            ts.add(new Tensor(p + "input_layernorm.weight", false, new long[] {d}, true));
            ts.add(new Tensor(p + "self_attn.q_proj.weight", matricesBf16, new long[] {d, d}, false));
            ts.add(new Tensor(p + "self_attn.k_proj.weight", matricesBf16, new long[] {kv, d}, false));
            ts.add(new Tensor(p + "self_attn.v_proj.weight", matricesBf16, new long[] {kv, d}, false));
            ts.add(new Tensor(p + "self_attn.o_proj.weight", matricesBf16, new long[] {d, d}, false));
            ts.add(new Tensor(p + "post_attention_layernorm.weight", false, new long[] {d}, true));
            ts.add(new Tensor(p + "mlp.gate_proj.weight", matricesBf16, new long[] {ffn, d}, false));
            ts.add(new Tensor(p + "mlp.up_proj.weight", matricesBf16, new long[] {ffn, d}, false));
            ts.add(new Tensor(p + "mlp.down_proj.weight", matricesBf16, new long[] {d, ffn}, false));
        }
        ts.add(new Tensor("model.norm.weight", false, new long[] {d}, true));
        ts.add(new Tensor("lm_head.weight", matricesBf16, new long[] {vocab, d}, false));
        return ts;
    }

    static boolean[] pick(int n, SplittableRandom r) {
        boolean[] p = new boolean[n];
        int want = Math.max(1, Math.round(n * 0.10f));
        for (int picked = 0; picked < want; ) {
            int i = r.nextInt(n);
            if (!p[i]) {
                p[i] = true;
                picked++;
            }
        }
        return p;
    }

    static SplittableRandom rng(long seed, int variant, int tensor, long block) {
        return new SplittableRandom(((seed * 31 + variant) * 1_000_003L + tensor) * 1_000_000_007L + block);
    }

    static void tune(Tensor ts, float[] from, float[] to, int len, SplittableRandom r) {
        if (to == null) {
            return;
        }
        for (int i = 0; i < len; i++) {
            to[i] = round(ts, from[i] + r.nextGaussian() * FT);
        }
    }

    /** The value as stored: rounded to bf16 (nearest even) for bf16 tensors. */
    static float round(Tensor ts, double v) {
        float f = (float) v;
        if (!ts.bf16) {
            return f;
        }
        int bits = Float.floatToRawIntBits(f);
        bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
        return Float.intBitsToFloat(bits);
    }

    static void write(OutputStream o, Tensor ts, float[] v, int len, byte[] bytes) throws IOException {
        int k = 0;
        for (int i = 0; i < len; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            if (ts.bf16) {
                bytes[k++] = (byte) (bits >>> 16);
                bytes[k++] = (byte) (bits >>> 24);
            } else {
                bytes[k++] = (byte) bits;
                bytes[k++] = (byte) (bits >>> 8);
                bytes[k++] = (byte) (bits >>> 16);
                bytes[k++] = (byte) (bits >>> 24);
            }
        }
        o.write(bytes, 0, k);
    }

    /** The 8-byte little-endian header length, then the JSON header padded with spaces to a multiple of 8. */
    static byte[] header(List<Tensor> tensors, String variant) {
        StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"generator\":\"holdfast bench\",");
        sb.append("\"variant\":\"").append(variant).append("\"}");
        long off = 0;
        for (Tensor t : tensors) {
            sb.append(",\"").append(t.name).append("\":{\"dtype\":\"").append(t.bf16 ? "BF16" : "F32");
            sb.append("\",\"shape\":[");
            for (int i = 0; i < t.shape.length; i++) {
                sb.append(i == 0 ? "" : ",").append(t.shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(off).append(',').append(off + t.bytes()).append("]}");
            off += t.bytes();
        }
        sb.append('}');
        while ((sb.length() + 8) % 8 != 0) {
            sb.append(' ');
        }
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] h = new byte[8 + json.length];
        long n = json.length;
        for (int i = 0; i < 8; i++) {
            h[i] = (byte) (n >>> (8 * i));
        }
        System.arraycopy(json, 0, h, 8, json.length);
        return h;
    }
}
