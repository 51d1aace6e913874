package io.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {
    @Test
    void generationsAreATenthOfThePeriodAndAtLeastADay() {
        assertThat(new RetentionRule(LockMode.COMPLIANCE, 1).generationDays()).isEqualTo(1);
        assertThat(new RetentionRule(LockMode.COMPLIANCE, 10).generationDays()).isEqualTo(1);
        assertThat(new RetentionRule(LockMode.COMPLIANCE, 11).generationDays()).isEqualTo(2);
        assertThat(new RetentionRule(LockMode.COMPLIANCE, 30).generationDays()).isEqualTo(3);
        assertThat(new RetentionRule(LockMode.GOVERNANCE, 365).generationDays()).isEqualTo(37);
    }

    @Test
    void objectsWrittenInOneGenerationShareTheirRetainUntilDate() {
        RetentionRule rule = new RetentionRule(LockMode.COMPLIANCE, 30); // generations of 3 days
        Instant start = Instant.parse("2026-12-04T00:00:00Z"); // epoch day 20791, 20791 % 3 == 1
        Instant genStart = Instant.parse("2026-12-03T00:00:00Z");
        Instant expected = genStart.plus(Duration.ofDays(3 + 30));
        assertThat(rule.retainUntil(genStart)).isEqualTo(expected);
        assertThat(rule.retainUntil(start)).isEqualTo(expected);
        assertThat(rule.retainUntil(genStart.plus(Duration.ofDays(3)).minusNanos(1)))
                .isEqualTo(expected);
        assertThat(rule.retainUntil(genStart.plus(Duration.ofDays(3)))).isEqualTo(expected.plus(Duration.ofDays(3)));
    }

    @Property
    void aRetainUntilDateIsAtLeastThePeriodAndAtMostAGenerationMoreAway(
            @ForAll @IntRange(min = 1, max = 3650) int days,
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
        RetentionRule rule = new RetentionRule(LockMode.GOVERNANCE, days);
        Instant now = Instant.ofEpochSecond(seconds, 123);
        Instant until = rule.retainUntil(now);
        assertThat(until).isAfterOrEqualTo(now.plus(Duration.ofDays(days)));
        assertThat(until).isBeforeOrEqualTo(now.plus(Duration.ofDays(days + rule.generationDays())));
        assertThat(rule.needsExtension(until, now)).isFalse();
        assertThat(rule.needsExtension(now.plus(Duration.ofDays(days)).minusSeconds(1), now))
                .isTrue();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new RetentionRule(LockMode.COMPLIANCE, 0)).hasMessageContaining("1 to 36500 days");
        assertThatThrownBy(() -> LockMode.parse("strict")).hasMessageContaining("compliance or governance");
        assertThat(LockMode.parse(" Compliance ")).isEqualTo(LockMode.COMPLIANCE);
    }
}
