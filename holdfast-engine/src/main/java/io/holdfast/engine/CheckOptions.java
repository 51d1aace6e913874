package io.holdfast.engine;

/**
 * What {@code check} reads.
 *
 * @param readData read and verify pack contents, not only the structure
 * @param subsetNumerator with a subset n/m: n (1-based); 0 for no subset
 * @param subsetDenominator with a subset n/m: m
 * @param subsetPercent with a percentage subset: 0 < p <= 100; 0 for none
 */
public record CheckOptions(boolean readData, int subsetNumerator, int subsetDenominator, double subsetPercent) {
    public static final CheckOptions STRUCTURE = new CheckOptions(false, 0, 0, 0);
    public static final CheckOptions READ_DATA = new CheckOptions(true, 0, 0, 0);

    /** Parses {@code n/m} or {@code p%} as restic's {@code --read-data-subset}. */
    public static CheckOptions subset(String spec) {
        String s = spec.strip();
        try {
            if (s.endsWith("%")) {
                double p = Double.parseDouble(s.substring(0, s.length() - 1));
                if (p <= 0 || p > 100) {
                    throw new IllegalArgumentException("percentage must be in (0, 100]");
                }
                return new CheckOptions(true, 0, 0, p);
            }
            int slash = s.indexOf('/');
            if (slash > 0) {
                int n = Integer.parseInt(s.substring(0, slash));
                int m = Integer.parseInt(s.substring(slash + 1));
                if (m < 1 || n < 1 || n > m) {
                    throw new IllegalArgumentException("need 1 <= n <= m");
                }
                return new CheckOptions(true, n, m, 0);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid --read-data-subset '" + spec + "': use n/m or p%", e);
        }
        throw new IllegalArgumentException("invalid --read-data-subset '" + spec + "': use n/m or p%");
    }

    /** Whether pack {@code id} (its first byte) is in the subset to read. */
    boolean selects(io.holdfast.format.Id pack, java.util.Random random) {
        if (subsetDenominator > 0) {
            int b = Integer.parseInt(pack.hex().substring(0, 2), 16);
            return b % subsetDenominator == subsetNumerator - 1;
        }
        if (subsetPercent > 0) {
            return random.nextDouble() * 100 < subsetPercent;
        }
        return true;
    }
}
