package io.holdfast.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

class ScryptTest {
    private static byte[] derive(String password, String salt, int n, int r, int p, int length) {
        return Scrypt.derive(
                password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), n, r, p, length);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The test vectors of RFC 7914, section 12 (the fourth, N = 2^20, is left out for its 1 GiB). */
    @Test
    void rfc7914Vectors() {
        assertThat(hex(derive("", "", 16, 1, 1, 64)))
                .isEqualTo("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
        assertThat(hex(derive("password", "NaCl", 1024, 8, 16, 64)))
                .isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
        assertThat(hex(derive("pleaseletmein", "SodiumChloride", 16384, 8, 1, 64)))
                .isEqualTo("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
    }

    /** Bouncy Castle's scrypt, which Holdfast used before, as the oracle for every other parameter set. */
    @Property(tries = 60)
    void sameAsBouncyCastle(
            @ForAll @Size(max = 40) byte[] password,
            @ForAll @Size(max = 70) byte[] salt,
            @ForAll @IntRange(min = 1, max = 9) int logN,
            @ForAll @IntRange(min = 1, max = 9) int r,
            @ForAll @IntRange(min = 1, max = 3) int p,
            @ForAll @IntRange(min = 1, max = 100) int length) {
        assertThat(Scrypt.derive(password, salt, 1 << logN, r, p, length))
                .isEqualTo(SCrypt.generate(password, salt, 1 << logN, r, p, length));
    }

    @Test
    void rejectsParametersOutOfRange() {
        byte[] none = new byte[0];
        assertThatThrownBy(() -> Scrypt.derive(none, none, 1000, 8, 1, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> Scrypt.derive(none, none, 1, 8, 1, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scrypt.derive(none, none, 16, 0, 1, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scrypt.derive(none, none, 1 << 20, 1024, 1, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}
