package io.holdfast.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoTimeTest {
    private static OffsetDateTime at(int nano, ZoneOffset offset) {
        return OffsetDateTime.of(2024, 3, 5, 10, 15, 30, nano, offset);
    }

    @Test
    void formatsLikeGoRfc3339Nano() {
        assertThat(GoTime.format(at(0, ZoneOffset.UTC))).isEqualTo("2024-03-05T10:15:30Z");
        assertThat(GoTime.format(at(123456789, ZoneOffset.UTC))).isEqualTo("2024-03-05T10:15:30.123456789Z");
        assertThat(GoTime.format(at(100000000, ZoneOffset.UTC))).isEqualTo("2024-03-05T10:15:30.1Z");
        assertThat(GoTime.format(at(1000, ZoneOffset.UTC))).isEqualTo("2024-03-05T10:15:30.000001Z");
        assertThat(GoTime.format(at(1, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo("2024-03-05T10:15:30.000000001+05:30");
        assertThat(GoTime.format(at(450000000, ZoneOffset.ofHoursMinutes(-3, -30))))
                .isEqualTo("2024-03-05T10:15:30.45-03:30");
        assertThat(GoTime.format(at(0, ZoneOffset.ofHours(-12)))).isEqualTo("2024-03-05T10:15:30-12:00");
    }

    @Test
    void goZeroTime() {
        assertThat(GoTime.format(GoTime.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(GoTime.parse("0001-01-01T00:00:00Z")).isEqualTo(GoTime.ZERO);
    }

    @Test
    void offsetSecondsAreDroppedAsGoDoes() {
        // St. John's local mean time was -03:30:52; Go prints the offset truncated to minutes.
        OffsetDateTime lmt = OffsetDateTime.of(1900, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(-3, -30, -52));
        assertThat(GoTime.format(lmt)).isEqualTo("1900-06-01T12:00:00-03:30");
        assertThat(GoTime.format(at(0, ZoneOffset.ofTotalSeconds(-30)))).isEqualTo("2024-03-05T10:15:30+00:00");
    }

    @Test
    void yearsGoCannotMarshalAreRejectedAndClampedLikeResticFixTime() {
        OffsetDateTime far = OffsetDateTime.of(12000, 2, 29, 1, 2, 3, 4, ZoneOffset.UTC);
        assertThatThrownBy(() -> GoTime.format(far)).isInstanceOf(IllegalArgumentException.class);
        assertThat(GoTime.format(GoTime.clampYear(far))).isEqualTo("9999-03-01T01:02:03.000000004Z");
        OffsetDateTime negative = OffsetDateTime.of(-5, 7, 8, 0, 0, 0, 0, ZoneOffset.ofHours(2));
        assertThat(GoTime.format(GoTime.clampYear(negative))).isEqualTo("0000-07-08T00:00:00+02:00");
        OffsetDateTime normal = at(5, ZoneOffset.UTC);
        assertThat(GoTime.clampYear(normal)).isSameAs(normal);
    }

    @Test
    void parsesWhatResticWrites() {
        assertThat(GoTime.parse("2026-11-21T21:39:37.429882239-03:30"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 21, 21, 39, 37, 429882239, ZoneOffset.ofHoursMinutes(-3, -30)));
        assertThat(GoTime.parse("2024-03-05T10:15:30+00:00")).isEqualTo(at(0, ZoneOffset.UTC));
        assertThat(GoTime.parse("2024-03-05T10:15:30.5+14:00")).isEqualTo(at(500000000, ZoneOffset.ofHours(14)));
        assertThat(GoTime.parse("2024-03-05T10:15:30.1234567891234Z")).isEqualTo(at(123456789, ZoneOffset.UTC));
        assertThat(GoTime.parse("0000-01-01T00:00:00Z").getYear()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2024-03-05",
                "2024-03-05 10:15:30Z",
                "2024-03-05T10:15:30",
                "2024-03-05T10:15:30.Z",
                "2024-03-05T10:15:30z",
                "2024-03-05T10:15:30+0100",
                "2024-03-05T10:15:30+01:60",
                "2024-03-05T10:15:30+19:00",
                "2024-02-30T10:15:30Z",
                "2024-03-05T24:00:00Z",
                "2024-03-05T10:15:60Z",
                "+2024-03-05T10:15:30Z",
                "2024-03-05T10:15:30Zjunk",
                "2024-O3-05T10:15:30Z"
            })
    void rejectsMalformedTimes(String text) {
        assertThatThrownBy(() -> GoTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Property
    void roundTripsWithNanosecondsAndOffsets(@ForAll("times") OffsetDateTime t) {
        String text = GoTime.format(t);
        assertThat(GoTime.parse(text)).isEqualTo(t);
        assertThat(GoTime.format(GoTime.parse(text))).isEqualTo(text);
        assertThat(text.endsWith("Z")).isEqualTo(t.getOffset().getTotalSeconds() == 0);
        assertThat(text).doesNotContainPattern("\\.\\d*0[Z+-]");
    }

    @Provide
    Arbitrary<OffsetDateTime> times() {
        long min = OffsetDateTime.of(0, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        long max = OffsetDateTime.of(9999, 12, 30, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        Arbitrary<Long> seconds = Arbitraries.longs().between(min, max);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999), Arbitraries.of(1, 10, 1_000_000));
        Arbitrary<ZoneOffset> offsets = Arbitraries.oneOf(
                Arbitraries.just(ZoneOffset.UTC),
                Arbitraries.integers().between(-18 * 60, 18 * 60).map(m -> ZoneOffset.ofTotalSeconds(m * 60)));
        return Combinators.combine(seconds, nanos, offsets)
                .as((s, n, o) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), o));
    }
}
