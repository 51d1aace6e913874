/*
 * The entropy bound of a fine-tune given its base, for the model codec's figures (docs/benchmarks.md, "Model codec on
 * float32"):
 *
 *   java bench/CodecBound.java BASE.safetensors TUNED.safetensors
 *
 * For every F32 and BF16 tensor of TUNED whose shape equals BASE's, it models each value as the base's value plus a
 * Gaussian move with the tensor's own standard deviation of the moves (measured), rounded to the tensor's dtype, and
 * sums -log2 P(tuned value | base value): the probability of the Gaussian over the tuned value's rounding interval.
 * For bench/GenCheckpoints.java's series this model is the generator itself (moves drawn independently from
 * N(0, sigma^2) and rounded), so the sum is the conditional entropy of the fine-tune given its base: no lossless coder
 * that sees the base, and not the generator's random numbers, stores the tensors in fewer bits on average. Tensors
 * that did not change are counted as 0 bits (a coder stores them as one reference). Prints the bound in bytes and as a
 * fraction of the tensors' raw size.
 */
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class CodecBound {
    private static final Pattern TENSOR = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"(F32|BF16)\",\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/CodecBound.java BASE.safetensors TUNED.safetensors");
            System.exit(2);
        }
        ByteBuffer base = map(Path.of(args[0]));
        ByteBuffer tuned = map(Path.of(args[1]));
        String baseHeader = header(base);
        String tunedHeader = header(tuned);
        long baseData = 8 + base.getLong(0);
        long tunedData = 8 + tuned.getLong(0);
        double bits = 0;
        long raw = 0;
        long changed = 0;
        long changedValues = 0;
        Matcher m = TENSOR.matcher(tunedHeader);
        while (m.find()) {
            Matcher bm = Pattern.compile(Pattern.quote("\"" + m.group(1) + "\":{\"dtype\":\"" + m.group(2))
                            + "\",\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]")
                    .matcher(baseHeader);
            if (!bm.find()) {
                continue;
            }
            boolean bf16 = m.group(2).equals("BF16");
            long from = Long.parseLong(m.group(3));
            long len = Long.parseLong(m.group(4)) - from;
            long baseFrom = Long.parseLong(bm.group(1));
            if (Long.parseLong(bm.group(2)) - baseFrom != len) {
                continue;
            }
            raw += len;
            double b = tensorBits(base, baseData + baseFrom, tuned, tunedData + from, (int) len, bf16);
            if (b > 0) {
                changed += len;
                changedValues += len / (bf16 ? 2 : 4);
            }
            bits += b;
        }
        System.out.printf(
                Locale.ROOT,
                "tensors %d bytes, changed %d bytes; bound %.0f bytes = %.4f of the tensors, %.4f of the changed ones,"
                        + " %.2f bits per changed value%n",
                raw,
                changed,
                bits / 8,
                bits / 8 / raw,
                changed == 0 ? 0.0 : bits / 8 / changed,
                changedValues == 0 ? 0.0 : bits / changedValues);
    }

    /** -log2 P of the tensor's values given the base's, summed; 0 when every value is equal. */
    static double tensorBits(ByteBuffer base, long bo, ByteBuffer tuned, long to, int len, boolean bf16) {
        int width = bf16 ? 2 : 4;
        int n = len / width;
        double sum = 0;
        double sumSq = 0;
        boolean same = true;
        for (int i = 0; i < n; i++) {
            double d = value(tuned, to, i, bf16) - value(base, bo, i, bf16);
            same &= d == 0;
            sum += d;
            sumSq += d * d;
        }
        if (same) {
            return 0;
        }
        double mean = sum / n;
        double s = Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-300));
        double bits = 0;
        for (int i = 0; i < n; i++) {
            double w = value(base, bo, i, bf16);
            float v = (float) value(tuned, to, i, bf16);
            // the interval of reals that round to v: half-way to each neighbour in the dtype
            double up = neighbour(v, bf16, true);
            double down = neighbour(v, bf16, false);
            double hi = (v + up) / 2;
            double lo = (v + down) / 2;
            double p;
            if (hi - lo < s / 64) {
                double z = (v - w - mean) / s;
                p = Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI)) * (hi - lo);
            } else {
                p = mass((lo - w - mean) / s, (hi - w - mean) / s);
            }
            bits -= Math.log(Math.max(p, 1e-300)) / Math.log(2);
        }
        return bits;
    }

    static double value(ByteBuffer b, long off, int i, boolean bf16) {
        if (bf16) {
            return Float.intBitsToFloat((b.getShort((int) (off + 2L * i)) & 0xFFFF) << 16);
        }
        return b.getFloat((int) (off + 4L * i));
    }

    /** The next representable value above or below {@code v} in float32 or bfloat16. */
    static double neighbour(float v, boolean bf16, boolean up) {
        if (!bf16) {
            return up ? Math.nextUp(v) : Math.nextDown(v);
        }
        int bits = Float.floatToRawIntBits(v) >>> 16;
        boolean away = (v >= 0) == up; // away from zero: the magnitude grows
        int next = v == 0 ? (up ? 1 : 0x8001) : (away ? bits + 1 : bits - 1);
        return Float.intBitsToFloat(next << 16);
    }

    /** The standard normal's probability between {@code a} and {@code b}, accurate in the tails. */
    static double mass(double a, double b) {
        if (a > 0) {
            return (erfc(a / Math.sqrt(2)) - erfc(b / Math.sqrt(2))) / 2;
        }
        if (b < 0) {
            return (erfc(-b / Math.sqrt(2)) - erfc(-a / Math.sqrt(2))) / 2;
        }
        return 1 - (erfc(-a / Math.sqrt(2)) + erfc(b / Math.sqrt(2))) / 2;
    }

    /** The complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    static String header(ByteBuffer b) {
        byte[] h = new byte[(int) b.getLong(0)];
        b.get(8, h);
        return new String(h, java.nio.charset.StandardCharsets.UTF_8);
    }

    static ByteBuffer map(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
            return c.map(FileChannel.MapMode.READ_ONLY, 0, c.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
