package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeepDurationTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void parsesResticSyntax() {
        assertThat(KeepDuration.parse("1y2m3d4h")).isEqualTo(new KeepDuration(1, 2, 3, 4));
        assertThat(KeepDuration.parse(" 4h3d ")).isEqualTo(new KeepDuration(0, 0, 3, 4));
        assertThat(KeepDuration.parse("2d5d")).isEqualTo(new KeepDuration(0, 0, 5, 0));
        assertThat(KeepDuration.parse("-1d")).isEqualTo(new KeepDuration(0, 0, -1, 0));
        assertThat(KeepDuration.parse("")).isEqualTo(KeepDuration.ZERO);
        assertThat(KeepDuration.ZERO.isZero()).isTrue();
        assertThat(KeepDuration.parse("0d").isZero()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "5, no unit found after number 5",
        "d, no number found",
        "1x, invalid unit 'x' found after number 1",
        "1.5d, invalid unit '.' found after number 1",
        "3d-, no number found",
        "99999999999d, number too large",
        "1000001y, number too large"
    })
    void rejectsMalformedText(String text, String message) {
        assertThatThrownBy(() -> KeepDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Property
    void printsWhatItParses(
            @ForAll @IntRange(min = -1000, max = 1000) int y,
            @ForAll @IntRange(min = -1000, max = 1000) int m,
            @ForAll @IntRange(min = -1000, max = 1000) int d,
            @ForAll @IntRange(min = -1000, max = 1000) int h) {
        KeepDuration k = new KeepDuration(y, m, d, h);
        assertThat(KeepDuration.parse(k.toString())).isEqualTo(k);
    }

    @Test
    void monthArithmeticNormalisesLikeGo() {
        // Go: 31 March minus one month is "31 February", normalised to 3 March (2 March in a leap year)
        OffsetDateTime latest = OffsetDateTime.parse("2023-03-31T12:00:00Z");
        assertThat(new KeepDuration(0, 1, 0, 0).before(latest, ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2023-03-03T12:00:00Z"));
        assertThat(new KeepDuration(0, 1, 0, 0).before(OffsetDateTime.parse("2024-03-31T12:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2024-03-02T12:00:00Z"));
        // 29 February minus one year is "29 February 2023", i.e. 1 March
        assertThat(new KeepDuration(1, 0, 0, 0).before(OffsetDateTime.parse("2024-02-29T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2023-03-01T00:00:00Z"));
        // months across years, days across months, then exact hours
        assertThat(new KeepDuration(1, 14, 40, 30).before(latest, ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2020-12-21T06:00:00Z"));
    }

    @Test
    void calendarPartFollowsLocalDaylightSavingTime() {
        // the day after the switch to summer time, in local time: one calendar day back is 23 hours
        OffsetDateTime latest = OffsetDateTime.parse("2023-03-27T01:00:00+02:00");
        assertThat(new KeepDuration(0, 0, 1, 0).before(latest, BERLIN))
                .isEqualTo(Instant.parse("2023-03-26T00:00:00Z"));
        // the hours are exact
        assertThat(new KeepDuration(0, 0, 0, 24).before(latest, BERLIN))
                .isEqualTo(Instant.parse("2023-03-25T23:00:00Z"));
        // an offset that is not the local one is a fixed zone: one day is 24 hours
        OffsetDateTime foreign = OffsetDateTime.parse("2023-03-27T01:00:00+05:00");
        assertThat(new KeepDuration(0, 0, 1, 0).before(foreign, BERLIN))
                .isEqualTo(Instant.parse("2023-03-25T20:00:00Z"));
    }

    @Test
    void wallTimesInGapsAndOverlapsResolveLikeGo() {
        // spring forward: 02:30 does not exist, Go moves it to 03:30 CEST
        assertThat(KeepDuration.goResolve(LocalDateTime.parse("2023-03-26T02:30:00"), BERLIN))
                .isEqualTo(Instant.parse("2023-03-26T01:30:00Z"));
        // fall back: 02:30 happens twice, Go takes the second (CET)
        assertThat(KeepDuration.goResolve(LocalDateTime.parse("2023-10-29T02:30:00"), BERLIN))
                .isEqualTo(Instant.parse("2023-10-29T01:30:00Z"));
        assertThat(KeepDuration.goResolve(LocalDateTime.parse("2023-07-01T12:00:00"), BERLIN))
                .isEqualTo(Instant.parse("2023-07-01T10:00:00Z"));
    }

    @Test
    void goReadsATimeAsLocalOnlyWhenItsOffsetIsTheLocalOne() {
        assertThat(KeepDuration.isGoLocal(OffsetDateTime.parse("2023-07-01T12:00:00+02:00"), BERLIN))
                .isTrue();
        assertThat(KeepDuration.isGoLocal(OffsetDateTime.parse("2023-01-01T12:00:00+02:00"), BERLIN))
                .isFalse();
        assertThat(KeepDuration.isGoLocal(OffsetDateTime.parse("2023-01-01T12:00:00Z"), ZoneOffset.UTC))
                .isFalse();
    }
}
