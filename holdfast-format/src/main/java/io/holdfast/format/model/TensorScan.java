package io.holdfast.format.model;

import java.io.IOException;

/**
 * Value statistics of one floating-point tensor: NaN and infinity counts, minimum, maximum, mean and standard
 * deviation of the finite values. Reads the tensor in bounded pieces.
 *
 * @param elements elements scanned
 * @param nan NaN count
 * @param inf infinity count (either sign)
 * @param min smallest finite value (NaN if none)
 * @param max largest finite value (NaN if none)
 * @param mean mean of the finite values (NaN if none)
 * @param std population standard deviation of the finite values (NaN if none)
 */
public record TensorScan(long elements, long nan, long inf, double min, double max, double mean, double std) {
    private static final int PIECE = 1 << 20;

    /** Whether {@link #scan} gives statistics for this dtype (F64, F32, F16, BF16). */
    public static boolean scannable(DType t) {
        return t.kind() == DType.Kind.FLOAT && t.elementBytes() >= 2;
    }

    /** Scans {@code t}'s bytes in {@code src}; for non-scannable dtypes returns a record of zero elements. */
    public static TensorScan scan(ModelSource src, TensorExtent t) throws IOException {
        DType d = t.dtype();
        if (!scannable(d)) {
            return new TensorScan(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int w = d.elementBytes();
        byte[] buf = new byte[(int) Math.min(PIECE, t.length())];
        long nan = 0;
        long inf = 0;
        long n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        long elements = 0;
        for (long pos = 0; pos < t.length(); ) {
            int len = (int) Math.min(buf.length - buf.length % w, t.length() - pos);
            src.read(t.offset() + pos, buf, 0, len);
            for (int i = 0; i + w <= len; i += w) {
                double v = value(buf, i, d);
                elements++;
                if (Double.isNaN(v)) {
                    nan++;
                } else if (Double.isInfinite(v)) {
                    inf++;
                } else {
                    n++;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    double delta = v - mean;
                    mean += delta / n;
                    m2 += delta * (v - mean);
                }
            }
            pos += len;
        }
        if (n == 0) {
            return new TensorScan(elements, nan, inf, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new TensorScan(elements, nan, inf, min, max, mean, Math.sqrt(m2 / n));
    }

    private static double value(byte[] b, int i, DType d) {
        long bits = 0;
        int w = d.elementBytes();
        for (int k = 0; k < w; k++) {
            int idx = d.bigEndian() ? i + k : i + w - 1 - k;
            bits = bits << 8 | (b[idx] & 0xFF);
        }
        return switch (d.name()) {
            case "F64" -> Double.longBitsToDouble(bits);
            case "F32" -> Float.intBitsToFloat((int) bits);
            case "F16" -> Float.float16ToFloat((short) bits);
            case "BF16" -> Float.intBitsToFloat((int) bits << 16);
            default -> Double.NaN;
        };
    }

    /** Whether the tensor has NaN or infinite values. */
    public boolean hasNonFinite() {
        return nan > 0 || inf > 0;
    }
}
