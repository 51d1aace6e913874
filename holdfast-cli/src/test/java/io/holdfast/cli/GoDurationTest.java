package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "30s, 30000",
        "5m, 300000",
        "2h, 7200000",
        "1h30m, 5400000",
        "1.5h, 5400000",
        "1m0.5s, 60500",
        "250ms, 250",
        "2000us, 2",
        ".5s, 500",
        "' 10S ', 10000"
    })
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void keepsNanoseconds() {
        assertThat(GoDuration.parse("1s2ns")).isEqualTo(Duration.ofSeconds(1, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "-5m", "5 m", "m", "1x", "1h-2m", "99999999999h"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
