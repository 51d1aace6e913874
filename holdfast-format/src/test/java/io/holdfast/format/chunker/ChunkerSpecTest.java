package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.RESTIC_TEST_POLYNOMIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkerSpecTest {

    @Test
    void resticDefaults() {
        ChunkerSpec s = ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL);
        assertThat(s.kind()).isEqualTo(ChunkerSpec.Kind.RABIN);
        assertThat(s.polynomial()).isEqualTo(RESTIC_TEST_POLYNOMIAL);
        assertThat(s.minSize()).isEqualTo(512 * 1024);
        assertThat(s.avgSize()).isEqualTo(1024 * 1024);
        assertThat(s.maxSize()).isEqualTo(8 * 1024 * 1024);
        assertThat(s.newStreamChunker().spec()).isEqualTo(s);
        assertThat(s.toString()).contains("rabin", "0x3da3358b4dc173");
    }

    @Test
    void fastCdcDefaults() {
        ChunkerSpec s = ChunkerSpec.fastCdc();
        assertThat(s.kind()).isEqualTo(ChunkerSpec.Kind.FASTCDC);
        assertThat(s.seed()).isEqualTo(ChunkerSpec.DEFAULT_FASTCDC_SEED);
        assertThat(s).isEqualTo(ChunkerSpec.fastCdc(0x486f6c6466617374L)).hasSameHashCodeAs(ChunkerSpec.fastCdc());
        assertThat(s).isNotEqualTo(ChunkerSpec.fastCdc(1));
        assertThat(s.minSize()).isEqualTo(512 * 1024);
        assertThat(s.avgSize()).isEqualTo(1024 * 1024);
        assertThat(s.maxSize()).isEqualTo(8 * 1024 * 1024);
        assertThatThrownBy(s::polynomial).isInstanceOf(IllegalStateException.class);
        assertThat(s.toString()).contains("fastcdc", "486f6c6466617374");
    }

    @Test
    void defaultSeedSpellsHoldfast() {
        byte[] b = java.nio.ByteBuffer.allocate(8)
                .putLong(ChunkerSpec.DEFAULT_FASTCDC_SEED)
                .array();
        assertThat(new String(b, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Holdfast");
    }

    @Test
    void rejectsInvalidParameters() {
        Polynomial p = RESTIC_TEST_POLYNOMIAL;
        assertThatThrownBy(() -> ChunkerSpec.rabin(p, 63, 1024, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(p, 512, 1000, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(p, 2048, 1024, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(p, 512, 1024, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(Polynomial.of(1L << 54 | 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(Polynomial.of(0x83))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkerSpec.rabin(Polynomial.of(0x8003))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChunkerSpec.rabin(Polynomial.of(0x1002D)).polynomial().degree())
                .isEqualTo(16);
        assertThatThrownBy(() -> ChunkerSpec.fastCdc(1, 32, 64, 128)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChunkerSpec.rabin(p, 64, 64, 64).maxSize()).isEqualTo(64);
    }
}
