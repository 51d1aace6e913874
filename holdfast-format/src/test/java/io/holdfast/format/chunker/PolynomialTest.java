package io.holdfast.format.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PolynomialTest {

    // restic's own test data: irreducible per restic's polynomials_test.go
    private static final long RESTIC_IRREDUCIBLE_1 = 0x3DA3358B4DC173L;
    private static final long RESTIC_IRREDUCIBLE_2 = 0x2482734cacca49L;

    @Test
    void degree() {
        assertThat(Polynomial.of(0).degree()).isEqualTo(-1);
        assertThat(Polynomial.of(1).degree()).isEqualTo(0);
        assertThat(Polynomial.of(2).degree()).isEqualTo(1);
        assertThat(Polynomial.of(RESTIC_IRREDUCIBLE_1).degree()).isEqualTo(53);
        assertThat(Polynomial.of(Long.MIN_VALUE).degree()).isEqualTo(63);
        assertThat(Polynomial.of(-1).degree()).isEqualTo(63);
    }

    @Test
    void parseAndFormatAsResticConfig() {
        Polynomial p = Polynomial.parse("3da3358b4dc173");
        assertThat(p.value()).isEqualTo(RESTIC_IRREDUCIBLE_1);
        assertThat(p.hex()).isEqualTo("3da3358b4dc173");
        assertThat(p.toString()).isEqualTo("0x3da3358b4dc173");
        assertThat(Polynomial.parse("3DA3358B4DC173")).isEqualTo(p);
        assertThat(Polynomial.parse("ffffffffffffffff").value()).isEqualTo(-1L);
        assertThat(Polynomial.of(-1).hex()).isEqualTo("ffffffffffffffff");
        assertThat(Polynomial.of(0).hex()).isEqualTo("0");
        assertThat(Polynomial.of(0x1234).hashCode())
                .isEqualTo(Polynomial.of(0x1234).hashCode());
        assertThat(Polynomial.of(0x1234)).isNotEqualTo(Polynomial.of(0x1235));
    }

    @Test
    void parseRejectsMalformedInput() {
        for (String bad : new String[] {"", "0x3da3358b4dc173", "+1", "-1", "g", "12 34", "10000000000000000"}) {
            assertThatThrownBy(() -> Polynomial.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void hexRoundTrips(@ForAll long value) {
        assertThat(Polynomial.parse(Polynomial.of(value).hex()).value()).isEqualTo(value);
    }

    @Test
    void multiplyAndMod() {
        Polynomial xPlus1 = Polynomial.of(0b11);
        assertThat(xPlus1.multiply(xPlus1).value()).isEqualTo(0b101); // (x+1)^2 = x^2+1 over GF(2)
        assertThat(Polynomial.of(0b111).multiply(xPlus1).value()).isEqualTo(0b1001); // x^3+1
        assertThat(Polynomial.of(0b1001).mod(xPlus1).value()).isZero();
        assertThat(Polynomial.of(0b1000).mod(xPlus1).value()).isEqualTo(1);
        assertThat(Polynomial.of(5).mod(Polynomial.of(0x100)).value()).isEqualTo(5);
        assertThatThrownBy(() -> Polynomial.of(Long.MIN_VALUE).multiply(Polynomial.of(2)))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Polynomial.of(5).mod(Polynomial.of(0))).isInstanceOf(ArithmeticException.class);
        assertThat(Polynomial.of(Long.MIN_VALUE).multiply(Polynomial.of(1)).value())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void mulModOfResticTestVector() {
        // from restic's polynomials_test.go; the product has degree 123, far beyond 64 bits
        Polynomial r = Polynomial.of(0x0eae8c07dbbb3026L)
                .mulMod(Polynomial.of(0xd5d6db9de04771deL), Polynomial.of(0xdd2bda3b77c9L));
        assertThat(r.value()).isEqualTo(0x425ae8595b7aL);
    }

    @Property
    void mulModMatchesBigIntegerReference(@ForAll long a, @ForAll long b, @ForAll long g) {
        if (g == 0) {
            return;
        }
        long expected = refMod(refMul(a, b), g);
        assertThat(Polynomial.of(a).mulMod(Polynomial.of(b), Polynomial.of(g)).value())
                .isEqualTo(expected);
        assertThat(Polynomial.of(a).mod(Polynomial.of(g)).value()).isEqualTo(refMod(unsigned(a), g));
    }

    @Property
    void multiplyMatchesBigIntegerReference(
            @ForAll @LongRange(min = 0, max = 0xffffffffL) long a,
            @ForAll @LongRange(min = 0, max = 0x7fffffffL) long b) {
        assertThat(unsigned(Polynomial.of(a).multiply(Polynomial.of(b)).value()))
                .isEqualTo(refMul(a, b));
    }

    @Test
    void gcd() {
        Polynomial f = Polynomial.of(RESTIC_IRREDUCIBLE_1);
        assertThat(f.gcd(f)).isEqualTo(f);
        assertThat(f.gcd(Polynomial.of(0))).isEqualTo(f);
        assertThat(Polynomial.of(0).gcd(f)).isEqualTo(f);
        assertThat(Polynomial.of(0).gcd(Polynomial.of(0)).value()).isZero();
        assertThat(Polynomial.of(10).gcd(Polynomial.of(50)).value())
                .isEqualTo(2); // x(x+1)^2 and x(x^4+x^3+1) share only x
        Polynomial a = Polynomial.of(0b1011); // x^3+x+1, irreducible
        Polynomial b = Polynomial.of(0b10011); // x^4+x+1, irreducible
        Polynomial c = Polynomial.of(0b111); // x^2+x+1, irreducible
        assertThat(a.multiply(c).gcd(b.multiply(c))).isEqualTo(c);
        assertThat(a.gcd(b).value()).isEqualTo(1);
        assertThat(f.gcd(Polynomial.of(RESTIC_IRREDUCIBLE_2)).value()).isEqualTo(1);
    }

    @Test
    void knownIrreduciblePolynomials() {
        assertThat(Polynomial.of(RESTIC_IRREDUCIBLE_1).isIrreducible()).isTrue();
        assertThat(Polynomial.of(RESTIC_IRREDUCIBLE_2).isIrreducible()).isTrue();
        assertThat(Polynomial.of(0b10).isIrreducible()).isTrue(); // x
        assertThat(Polynomial.of(0b11).isIrreducible()).isTrue(); // x+1
        assertThat(Polynomial.of(0b111).isIrreducible()).isTrue();
        assertThat(Polynomial.of(0x11b).isIrreducible()).isTrue(); // AES's x^8+x^4+x^3+x+1
        assertThat(Polynomial.of(0x1002D).isIrreducible()).isTrue(); // x^16+x^5+x^3+x^2+1
        assertThat(Polynomial.of(0x80000009L).isIrreducible()).isTrue(); // x^31+x^3+1
        // x^63+x+1 is irreducible (a primitive trinomial); exercises the top bit
        assertThat(Polynomial.of(Long.MIN_VALUE | 0b11).isIrreducible()).isTrue();
    }

    @Test
    void knownReduciblePolynomials() {
        // restic's polynomials_test.go lists these as reducible
        for (long f : new long[] {0x38f1e565e288dfL, 0x30a8295b9d5c91L, 0x255f4350b962cbL, 0x3143d0464b3299L}) {
            assertThat(Polynomial.of(f).isIrreducible()).as(Long.toHexString(f)).isFalse();
        }
        assertThat(Polynomial.of(0).isIrreducible()).isFalse();
        assertThat(Polynomial.of(1).isIrreducible()).isFalse();
        assertThat(Polynomial.of(0b101).isIrreducible()).isFalse(); // (x+1)^2
        assertThat(Polynomial.of(RESTIC_IRREDUCIBLE_1 << 1).isIrreducible()).isFalse(); // divisible by x
        // a square of an irreducible polynomial
        Polynomial q = Polynomial.of(0x11b);
        assertThat(q.multiply(q).isIrreducible()).isFalse();
    }

    @Test
    void irreducibilityAgreesWithTrialDivisionForAllSmallPolynomials() {
        // number of irreducible polynomials of degree n over GF(2) (OEIS A001037)
        int[] expectedCounts = {0, 2, 1, 2, 3, 6, 9, 18, 30, 56, 99, 186, 335};
        for (int n = 1; n <= 12; n++) {
            int count = 0;
            for (long f = 1L << n; f < 1L << (n + 1); f++) {
                boolean irreducible = Polynomial.of(f).isIrreducible();
                assertThat(irreducible)
                        .as("x^%d.. %s", n, Long.toBinaryString(f))
                        .isEqualTo(irreducibleByTrialDivision(f));
                if (irreducible) {
                    count++;
                }
            }
            assertThat(count).as("irreducible polynomials of degree %d", n).isEqualTo(expectedCounts[n]);
        }
    }

    @Property(tries = 200)
    void productsOfTwoPolynomialsAreReducible(
            @ForAll @LongRange(min = 2, max = (1L << 27) - 1) long a,
            @ForAll @LongRange(min = 2, max = (1L << 27) - 1) long b) {
        Polynomial p = Polynomial.of(a).multiply(Polynomial.of(b));
        assertThat(p.isIrreducible()).isFalse();
        // and of degree-53 products, as a reducible candidate of randomIrreducible would be
        Polynomial q = Polynomial.of(a | 1L << 26).multiply(Polynomial.of(b | 1L << 27));
        assertThat(q.degree()).isEqualTo(53);
        assertThat(q.isIrreducible()).isFalse();
    }

    @Test
    void randomIrreducibleHasDegree53() {
        Random rnd = new Random(1);
        for (int i = 0; i < 20; i++) {
            Polynomial p = Polynomial.randomIrreducible(rnd);
            assertThat(p.degree()).isEqualTo(53);
            assertThat(p.value() & 1).isEqualTo(1);
            assertThat(p.isIrreducible()).isTrue();
        }
        Polynomial p = Polynomial.randomIrreducible();
        assertThat(p.degree()).isEqualTo(53);
        assertThat(p.isIrreducible()).isTrue();
    }

    @Test
    void randomIrreducibleReadsLittleEndianBytesAsResticDoes() {
        Polynomial p = Polynomial.randomIrreducible(new Random(7));
        // replay the same byte stream by hand
        Random replay = new Random(7);
        byte[] b = new byte[8];
        long expected;
        do {
            replay.nextBytes(b);
            long f = java.nio.ByteBuffer.wrap(b)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            expected = (f & ((1L << 54) - 1)) | (1L << 53) | 1;
        } while (!irreducibleByBenOrReference(expected));
        assertThat(p.value()).isEqualTo(expected);
        assertThat(Polynomial.randomIrreducible(new Random(7))).isEqualTo(p);
    }

    // --- independent references -------------------------------------------------------------------------------

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Carry-less product as an unbounded bit string. */
    private static BigInteger refMul(long a, long b) {
        BigInteger x = unsigned(a);
        BigInteger r = BigInteger.ZERO;
        for (int i = 0; i < 64; i++) {
            if ((b >>> i & 1) != 0) {
                r = r.xor(x.shiftLeft(i));
            }
        }
        return r;
    }

    private static long refMod(BigInteger x, long d) {
        BigInteger dd = unsigned(d);
        int dDeg = dd.bitLength() - 1;
        while (x.bitLength() - 1 >= dDeg) {
            x = x.xor(dd.shiftLeft(x.bitLength() - 1 - dDeg));
        }
        return x.longValue();
    }

    private static boolean irreducibleByTrialDivision(long f) {
        int n = 63 - Long.numberOfLeadingZeros(f);
        for (long d = 2; d < 1L << (n / 2 + 1); d++) {
            if (refMod(unsigned(f), d) == 0) {
                return false;
            }
        }
        return n >= 1;
    }

    /** Ben-Or with BigInteger arithmetic, independent of Polynomial's helpers. */
    private static boolean irreducibleByBenOrReference(long f) {
        int n = 63 - Long.numberOfLeadingZeros(f);
        long xPow = 2;
        for (int i = 1; i <= n / 2; i++) {
            xPow = refMod(refMul(xPow, xPow), f);
            long a = f;
            long b = xPow ^ 2;
            while (b != 0) {
                long r = refMod(unsigned(a), b);
                a = b;
                b = r;
            }
            if (a != 1) {
                return false;
            }
        }
        return true;
    }
}
