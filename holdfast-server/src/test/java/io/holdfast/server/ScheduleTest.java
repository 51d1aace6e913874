package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.server.policy.Schedule;
import io.holdfast.server.policy.SpecException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Property
    void intervalRunsAreAlignedAndStrictlyLater(
            @ForAll @LongRange(min = 1, max = 86_400) long seconds,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now) {
        Schedule s = Schedule.of(seconds + "s", null, "stage");
        Instant t = Instant.ofEpochMilli(now);
        Duration jitter = s.jitter("policy/backup", t, ZoneOffset.UTC);
        assertThat(jitter.toMillis()).isBetween(0L, Math.min(seconds * 100, 30_000));
        Instant next = s.next(t, ZoneOffset.UTC, jitter);
        assertThat(next).isAfter(t);
        assertThat(Duration.between(t, next)).isLessThanOrEqualTo(Duration.ofSeconds(seconds));
        assertThat((next.toEpochMilli() - jitter.toMillis()) % (seconds * 1000)).isZero();
    }

    @Test
    void cronWithFiveOrSixFields() {
        Instant t = Instant.parse("2026-12-05T01:30:00Z");
        assertThat(Schedule.of(null, "0 2 * * *", "s").next(t, ZoneOffset.UTC, Duration.ZERO))
                .isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
        assertThat(Schedule.of(null, "*/10 * * * * *", "s").next(t, ZoneOffset.UTC, Duration.ZERO))
                .isEqualTo(Instant.parse("2026-12-05T01:30:10Z"));
        assertThat(Schedule.of(null, "0 2 * * *", "s").objective(t, ZoneOffset.UTC))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void badSchedulesNameTheField() {
        assertThatThrownBy(() -> Schedule.of("soon", null, "stages[0]"))
                .isInstanceOf(SpecException.class)
                .extracting(e -> ((SpecException) e).field())
                .isEqualTo("stages[0].every");
        assertThatThrownBy(() -> Schedule.of(null, "61 * * * *", "stages[1]"))
                .extracting(e -> ((SpecException) e).field())
                .isEqualTo("stages[1].cron");
        assertThatThrownBy(() -> Schedule.of("1m", "* * * * *", "stages[2]"))
                .extracting(e -> ((SpecException) e).field())
                .isEqualTo("stages[2]");
    }
}
