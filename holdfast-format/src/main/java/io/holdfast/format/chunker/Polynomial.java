package io.holdfast.format.chunker;

import java.security.SecureRandom;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A polynomial over GF(2) of degree at most 63, bit {@code i} of the backing {@code long} being the coefficient of
 * {@code x^i}. Immutable value type.
 *
 * <p>restic stores the Rabin chunker's polynomial in the repository config as {@code chunker_polynomial}, written as
 * lower-case hex without a {@code 0x} prefix (for example {@code "3da3358b4dc173"}); {@link #parse(String)} and
 * {@link #hex()} read and write that form.
 */
public final class Polynomial {
    /** Degree of the polynomials {@link #randomIrreducible(Random)} picks, as restic does: the largest prime below 56. */
    public static final int RANDOM_DEGREE = 53;

    /** Attempts {@link #randomIrreducible(Random)} makes before giving up, as restic does. */
    static final int MAX_RANDOM_TRIES = 1_000_000;

    private final long value;

    private Polynomial(long value) {
        this.value = value;
    }

    /** The polynomial whose coefficients are the bits of {@code value}. */
    public static Polynomial of(long value) {
        return new Polynomial(value);
    }

    /** The coefficients as bits. */
    public long value() {
        return value;
    }

    /** The degree, or -1 for the zero polynomial. */
    public int degree() {
        return degree(value);
    }

    /** {@code this + other}, which over GF(2) is also {@code this - other}. */
    public Polynomial add(Polynomial other) {
        return new Polynomial(value ^ other.value);
    }

    /**
     * {@code this * other}.
     *
     * @throws ArithmeticException if the product has a degree above 63
     */
    public Polynomial multiply(Polynomial other) {
        if (value != 0 && other.value != 0 && degree(value) + degree(other.value) > 63) {
            throw new ArithmeticException("product of " + this + " and " + other + " has degree above 63");
        }
        long a = value;
        long b = other.value;
        long r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            b >>>= 1;
            a <<= 1;
        }
        return new Polynomial(r);
    }

    /**
     * The remainder of {@code this} divided by {@code divisor}.
     *
     * @throws ArithmeticException if {@code divisor} is zero
     */
    public Polynomial mod(Polynomial divisor) {
        return new Polynomial(mod(value, divisor.value));
    }

    /**
     * {@code (this * f) mod g}, computed without overflow for any degrees.
     *
     * @throws ArithmeticException if {@code g} is zero
     */
    public Polynomial mulMod(Polynomial f, Polynomial g) {
        return new Polynomial(mulMod(value, f.value, g.value));
    }

    /** The greatest common divisor; {@code gcd(0, 0)} is 0. */
    public Polynomial gcd(Polynomial other) {
        return new Polynomial(gcd(value, other.value));
    }

    /**
     * Whether this polynomial is irreducible over GF(2), by Ben-Or's test: a polynomial {@code f} of degree {@code n}
     * is irreducible iff {@code gcd(f, x^(2^i) - x mod f) == 1} for every {@code i} in {@code 1..n/2}. Polynomials of
     * degree 0 or less are not irreducible (restic's test would accept the constant 1).
     */
    public boolean isIrreducible() {
        int n = degree(value);
        if (n < 1) {
            return false;
        }
        long xPow = mod(2, value); // x^(2^0) mod f
        for (int i = 1; i <= n / 2; i++) {
            xPow = mulMod(xPow, xPow, value); // x^(2^i) mod f
            if (gcd(value, xPow ^ mod(2, value)) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random irreducible polynomial of degree 53, drawn as restic's {@code DerivePolynomial} does: 8 bytes from
     * {@code random} read as a little-endian integer, bits above 53 cleared, bits 53 and 0 set, repeated until the
     * result is irreducible. Given the same bytes, this picks the same polynomial as restic.
     *
     * @throws IllegalStateException if a million candidates were all reducible (practically impossible)
     */
    public static Polynomial randomIrreducible(Random random) {
        byte[] b = new byte[8];
        for (int i = 0; i < MAX_RANDOM_TRIES; i++) {
            random.nextBytes(b);
            long f = 0;
            for (int j = 7; j >= 0; j--) {
                f = (f << 8) | (b[j] & 0xff);
            }
            f &= (1L << (RANDOM_DEGREE + 1)) - 1;
            f |= (1L << RANDOM_DEGREE) | 1L;
            Polynomial p = new Polynomial(f);
            if (p.isIrreducible()) {
                return p;
            }
        }
        throw new IllegalStateException("no irreducible polynomial found in " + MAX_RANDOM_TRIES + " tries");
    }

    /** A random irreducible polynomial of degree 53 from a {@link SecureRandom}, for a new repository. */
    public static Polynomial randomIrreducible() {
        return randomIrreducible(new SecureRandom());
    }

    /**
     * Parses hex digits without a {@code 0x} prefix, as restic's config holds them (either case is accepted).
     *
     * @throws IllegalArgumentException if {@code hex} is not 1 to 16 hex digits
     */
    public static Polynomial parse(String hex) {
        if (hex.isEmpty() || hex.length() > 16) {
            throw new IllegalArgumentException("a polynomial is 1 to 16 hex digits: '" + hex + "'");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not a hex polynomial: '" + hex + "'");
            }
        }
        return new Polynomial(Long.parseUnsignedLong(hex, 16));
    }

    /** Lower-case hex without prefix or leading zeros, as restic writes {@code chunker_polynomial}. */
    public String hex() {
        return Long.toHexString(value);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Polynomial other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    /** {@code 0x} followed by {@link #hex()}, as restic prints a polynomial. */
    @Override
    public String toString() {
        return "0x" + hex();
    }

    static int degree(long p) {
        return 63 - Long.numberOfLeadingZeros(p);
    }

    static long mod(long x, long d) {
        if (d == 0) {
            throw new ArithmeticException("division by the zero polynomial");
        }
        int dd = degree(d);
        int dx = degree(x);
        while (dx >= dd) {
            x ^= d << (dx - dd);
            dx = degree(x);
        }
        return x;
    }

    static long mulMod(long x, long f, long g) {
        int dg = degree(g);
        if (dg < 0) {
            throw new ArithmeticException("division by the zero polynomial");
        }
        // a runs through x * x^i mod g; its degree stays below dg <= 63, so a << 1 never loses a bit
        long a = mod(x, g);
        long top = dg == 0 ? 0 : 1L << dg;
        long r = 0;
        while (f != 0) {
            if ((f & 1) != 0) {
                r ^= a;
            }
            f >>>= 1;
            a <<= 1;
            if ((a & top) != 0) {
                a ^= g;
            }
        }
        return dg == 0 ? 0 : r;
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long r = mod(a, b);
            a = b;
            b = r;
        }
        return a;
    }
}
