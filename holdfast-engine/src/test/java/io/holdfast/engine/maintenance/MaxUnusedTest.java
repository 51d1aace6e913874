package io.holdfast.engine.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaxUnusedTest {
    @Test
    void percentagesAreOfTheSizeAfterPruning() {
        // 5% of what remains: unused / (used + unused) = 5%  =>  unused = 5/95 * used
        assertThat(MaxUnused.parse("5%").limit(95_000)).isEqualTo(5_000);
        assertThat(MaxUnused.parse(" 0% ").limit(1_000_000)).isZero();
        assertThat(MaxUnused.parse("50%").limit(1234)).isEqualTo(1234);
        assertThat(MaxUnused.DEFAULT.limit(95_000)).isEqualTo(5_000);
    }

    @Test
    void sizesAndUnlimited() {
        assertThat(MaxUnused.parse("unlimited").limit(1)).isEqualTo(Long.MAX_VALUE);
        assertThat(MaxUnused.parse("100").limit(1)).isEqualTo(100);
        assertThat(MaxUnused.parse("10k").limit(1)).isEqualTo(10_240);
        assertThat(MaxUnused.parse("2M").limit(1)).isEqualTo(2L << 20);
        assertThat(MaxUnused.parse("1g").limit(1)).isEqualTo(1L << 30);
        assertThat(MaxUnused.parse("3T").limit(1)).isEqualTo(3L << 40);
        assertThat(MaxUnused.parseSize("512b")).isEqualTo(512);
    }

    @Test
    void badValuesAreRejectedWithTheOptionNamed() {
        assertThatThrownBy(() -> MaxUnused.parse("100%")).hasMessageContaining("below 100%");
        assertThatThrownBy(() -> MaxUnused.parse("-1%")).hasMessageContaining("positive");
        assertThatThrownBy(() -> MaxUnused.parse("lots")).hasMessageContaining("--max-unused");
        assertThatThrownBy(() -> MaxUnused.parse("")).hasMessageContaining("--max-unused");
        assertThatThrownBy(() -> MaxUnused.parseSize("-5M")).hasMessageContaining("negative");
        assertThatThrownBy(() -> MaxUnused.parseSize("9999999999T")).hasMessageContaining("too large");
    }
}
