package io.holdfast.server.policy;

import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.KeepDuration;
import org.jspecify.annotations.Nullable;

/**
 * restic's keep rules for a stage's copies; what is not kept is forgotten after each run (pruned by a {@code prune}
 * stage). All zero/null: keep everything.
 */
public record RetentionSpec(
        int keepLast,
        int keepHourly,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        @Nullable String keepWithin) {

    public boolean keepsEverything() {
        return keepLast == 0
                && keepHourly == 0
                && keepDaily == 0
                && keepWeekly == 0
                && keepMonthly == 0
                && keepYearly == 0
                && keepWithin == null;
    }

    public RetentionSpec validated(String field) {
        for (int n : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
            if (n < 0) {
                throw new SpecException(field, "keep counts may not be negative");
            }
        }
        if (keepWithin != null) {
            try {
                KeepDuration.parse(keepWithin);
            } catch (IllegalArgumentException e) {
                throw new SpecException(field + ".keepWithin", String.valueOf(e.getMessage()));
            }
        }
        return this;
    }

    public ForgetPolicy toPolicy() {
        ForgetPolicy.Builder b = ForgetPolicy.builder().keepLast(keepLast);
        b.keep(ForgetPolicy.Period.HOURLY, keepHourly);
        b.keep(ForgetPolicy.Period.DAILY, keepDaily);
        b.keep(ForgetPolicy.Period.WEEKLY, keepWeekly);
        b.keep(ForgetPolicy.Period.MONTHLY, keepMonthly);
        b.keep(ForgetPolicy.Period.YEARLY, keepYearly);
        if (keepWithin != null) {
            b.keepWithin(KeepDuration.parse(keepWithin));
        }
        return b.build();
    }
}
