package io.holdfast.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void bytesLikeRestic() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1024)).isEqualTo("1.000 KiB");
        assertThat(Formats.bytes(1536)).isEqualTo("1.500 KiB");
        assertThat(Formats.bytes(20L << 20)).isEqualTo("20.000 MiB");
        assertThat(Formats.bytes((1L << 30) + (1L << 30) / 4)).isEqualTo("1.250 GiB");
        assertThat(Formats.bytes(3L << 40)).isEqualTo("3.000 TiB");
        assertThat(Formats.bytes(-2048)).isEqualTo("-2.000 KiB");
        // ties round to even as Go's %.3f does (restic diff printed 2.062 KiB where Java's %.3f gives 2.063)
        assertThat(Formats.bytes(2112)).isEqualTo("2.062 KiB");
        assertThat(Formats.bytes(2113)).isEqualTo("2.063 KiB");
        assertThat(Formats.bytes(1025 * 1024 + 512)).isEqualTo("1.001 MiB");
    }

    @Test
    void durations() {
        assertThat(Formats.duration(Duration.ZERO)).isEqualTo("0:00");
        assertThat(Formats.duration(Duration.ofMillis(59_999))).isEqualTo("0:59");
        assertThat(Formats.duration(Duration.ofSeconds(754))).isEqualTo("12:34");
        assertThat(Formats.duration(Duration.ofSeconds(3600 + 2 * 60 + 3))).isEqualTo("1:02:03");
        assertThat(Formats.duration(Duration.ofHours(100))).isEqualTo("100:00:00");
        assertThat(Formats.duration(Duration.ofSeconds(-5))).isEqualTo("0:00");
    }

    @Test
    void ratesPercentagesAndRatios() {
        assertThat(Formats.rate(150L << 20, Duration.ofSeconds(2))).isEqualTo("75.0 MiB/s");
        assertThat(Formats.rate(1 << 20, Duration.ZERO)).isEqualTo("0.0 MiB/s");
        assertThat(Formats.percent(0.4521)).isEqualTo("45.2%");
        assertThat(Formats.percent(1.5)).isEqualTo("100.0%");
        assertThat(Formats.percent(Double.NaN)).isEqualTo("0.0%");
        assertThat(Formats.ratio(2.345)).isEqualTo("2.35x");
    }
}
